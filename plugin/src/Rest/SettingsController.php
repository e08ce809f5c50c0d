<?php
/**
 * REST routes of the settings screen: ecster-om/v1/settings and settings/check-connection.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Rest;

use EcsterOM\Admin\SettingsSchema;
use EcsterOM\Api\ApiException;
use EcsterOM\Api\Client;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Plugin;
use EcsterOM\Settings;

/**
 * - GET  /settings                   the screen's settings (API key only as apiKeySet + apiKeyLast4)
 * - POST /settings                   validate and save; field errors as data.fields { field: message }
 * - POST /settings/check-connection  { result: accepted|rejected|unreachable, message, environment, apiUrl }
 *
 * All need `manage_woocommerce` (and, with cookie authentication, a valid wp_rest nonce).
 */
final class SettingsController extends Controller {

	public const RESULT_ACCEPTED    = 'accepted';
	public const RESULT_REJECTED    = 'rejected';
	public const RESULT_UNREACHABLE = 'unreachable';

	/**
	 * Makes a client for the given settings: fn( Settings ): ClientInterface.
	 *
	 * @var callable
	 */
	private $client_factory;

	/**
	 * @param Settings      $settings       The stored settings.
	 * @param callable|null $client_factory fn( Settings ): ClientInterface (tests); by default the real client.
	 */
	public function __construct( private Settings $settings, ?callable $client_factory = null ) {
		$this->client_factory = $client_factory ?? static fn( Settings $settings ): ClientInterface => new Client( $settings, Plugin::instance()->logger() );
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace(),
			'/settings',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_settings' ),
					'permission_callback' => array( $this, 'can_manage_woocommerce' ),
				),
				array(
					'methods'             => \WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_settings' ),
					'permission_callback' => array( $this, 'can_manage_woocommerce' ),
				),
				'schema' => array( $this, 'get_schema' ),
			)
		);
		register_rest_route(
			$this->namespace(),
			'/settings/check-connection',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'check_connection' ),
					'permission_callback' => array( $this, 'can_manage_woocommerce' ),
				),
			)
		);
	}

	/**
	 * GET /settings
	 */
	public function get_settings( \WP_REST_Request $request ): \WP_REST_Response {
		return $this->no_store( new \WP_REST_Response( SettingsSchema::present( $this->settings ), 200 ) );
	}

	/**
	 * POST /settings: saves all fields or none.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function update_settings( \WP_REST_Request $request ) {
		$input = $this->body( $request );
		if ( $input instanceof \WP_Error ) {
			return $input;
		}
		$result = SettingsSchema::validate_save( $input, $this->settings );
		if ( array() !== $result['errors'] ) {
			return $this->error(
				'ecster_om_invalid_settings',
				__( 'Nothing was saved: correct the highlighted settings.', 'ecster-order-management' ),
				400,
				array( 'fields' => $result['errors'] )
			);
		}
		if ( ! $this->settings->update( $result['changes'] ) ) {
			return $this->error(
				'ecster_om_settings_not_saved',
				__( 'WordPress could not save the settings. Try again.', 'ecster-order-management' ),
				500
			);
		}
		/**
		 * Fires after the Ecster Pay settings were saved from the settings screen.
		 *
		 * @param string[] $changed Option keys that were sent (values are not passed: one may be the API key).
		 */
		do_action( 'ecster_om_settings_saved', array_keys( $result['changes'] ) );

		return $this->no_store( new \WP_REST_Response( SettingsSchema::present( $this->settings ), 200 ) );
	}

	/**
	 * POST /settings/check-connection: a harmless authenticated call to Ecster with the keys on
	 * the screen (or the stored ones). Answers 200 with the outcome; 400 when keys are missing or invalid.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function check_connection( \WP_REST_Request $request ) {
		$input = $this->body( $request );
		if ( $input instanceof \WP_Error ) {
			return $input;
		}
		$checked = SettingsSchema::validate_connection( $input, $this->settings );
		if ( array() !== $checked['errors'] ) {
			return $this->error(
				'ecster_om_invalid_settings',
				__( 'The connection was not checked: correct the highlighted settings.', 'ecster-order-management' ),
				400,
				array( 'fields' => $checked['errors'] )
			);
		}

		$settings = $this->settings->with_overrides( $checked['overrides'] );
		$api_url  = $settings->api_base_url();
		$where    = $this->describe_environment( $settings );
		$secrets  = array( $settings->api_key(), $this->settings->api_key() );

		try {
			$client = ( $this->client_factory )( $settings );
			$client->check_connection();
			$result  = self::RESULT_ACCEPTED;
			$message = sprintf(
				/* translators: %s: "the Test environment", "the Live environment" or a URL */
				__( 'Connected: Ecster accepted the API key and merchant key in %s.', 'ecster-order-management' ),
				$where
			);
		} catch ( ApiException $e ) {
			if ( ApiException::KIND_AUTH === $e->get_kind() ) {
				$result  = self::RESULT_REJECTED;
				$message = sprintf(
					/* translators: 1: "the Test environment", "the Live environment" or a URL, 2: HTTP status */
					__( 'Ecster rejected the API key or merchant key in %1$s (HTTP %2$d). Check that both keys are complete and belong to this environment.', 'ecster-order-management' ),
					$where,
					$e->get_http_status()
				);
			} else {
				$result  = self::RESULT_UNREACHABLE;
				$message = sprintf(
					/* translators: 1: "the Test environment", "the Live environment" or a URL, 2: the reason */
					__( 'Could not check the keys: Ecster in %1$s could not be reached or did not answer properly. Reason: %2$s', 'ecster-order-management' ),
					$where,
					$this->reason( $e )
				);
			}
		}

		return $this->no_store(
			new \WP_REST_Response(
				array(
					'result'      => $result,
					'message'     => $this->redact( $message, $secrets ),
					'environment' => $settings->environment(),
					'apiUrl'      => $this->redact( $api_url, $secrets ),
				),
				200
			)
		);
	}

	/**
	 * JSON schema of the settings resource (OPTIONS /settings).
	 *
	 * @return array<string, mixed>
	 */
	public function get_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'ecster-om-settings',
			'type'       => 'object',
			'properties' => array(
				'manageOrders'      => array(
					'description' => __( 'Debit, annul and credit Ecster orders from WooCommerce.', 'ecster-order-management' ),
					'type'        => 'boolean',
				),
				'environment'       => array(
					'description' => __( 'Ecster environment.', 'ecster-order-management' ),
					'type'        => 'string',
					'enum'        => array( Settings::ENV_TEST, Settings::ENV_LIVE ),
				),
				'apiKey'            => array(
					'description' => __( 'New API key (write-only; never returned).', 'ecster-order-management' ),
					'type'        => array( 'string', 'null' ),
					'maxLength'   => SettingsSchema::MAX_KEY_LENGTH,
					'context'     => array(),
				),
				'apiKeySet'         => array(
					'description' => __( 'Whether an API key is stored.', 'ecster-order-management' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
				'apiKeyLast4'       => array(
					'description' => __( 'Last four characters of the stored API key.', 'ecster-order-management' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'merchantKey'       => array(
					'description' => __( 'Merchant key.', 'ecster-order-management' ),
					'type'        => 'string',
					'maxLength'   => SettingsSchema::MAX_KEY_LENGTH,
				),
				'logging'           => array(
					'description' => __( 'Write to the WooCommerce logs.', 'ecster-order-management' ),
					'type'        => 'boolean',
				),
				'failedDebitStatus' => array(
					'description' => __( 'Order status after a failed debit.', 'ecster-order-management' ),
					'type'        => 'string',
					'enum'        => array( Settings::FAILED_DEBIT_ON_HOLD, Settings::FAILED_DEBIT_PROCESSING ),
				),
				'bulkConcurrency'   => array(
					'description' => __( 'Ecster requests a bulk action sends at once, per queue runner (lowered for a while when Ecster answers 429).', 'ecster-order-management' ),
					'type'        => 'integer',
					'minimum'     => Settings::BULK_CONCURRENCY_MIN,
					'maximum'     => Settings::BULK_CONCURRENCY_MAX,
				),
				'apiUrlOverride'    => array(
					'description' => __( 'URL set with the ECSTER_OM_API_URL constant, if any.', 'ecster-order-management' ),
					'type'        => array( 'string', 'null' ),
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The request's JSON object (or form fields).
	 *
	 * @return array<string, mixed>|\WP_Error
	 */
	private function body( \WP_REST_Request $request ) {
		/** @var mixed $json get_json_params() answers null for a body that is not JSON. */
		$json = $request->get_json_params();
		if ( is_array( $json ) ) {
			$body = $json;
		} elseif ( '' !== trim( (string) $request->get_body() ) && 'application/json' === ( $request->get_content_type()['value'] ?? '' ) ) {
			return $this->error( 'ecster_om_invalid_body', __( 'The request body is not valid JSON.', 'ecster-order-management' ), 400 );
		} else {
			$body = $request->get_body_params();
		}
		if ( array() !== $body && array_is_list( $body ) ) {
			return $this->error( 'ecster_om_invalid_body', __( 'Send the settings as a JSON object.', 'ecster-order-management' ), 400 );
		}
		return $body;
	}

	private function describe_environment( Settings $settings ): string {
		$override = $settings->api_url_override();
		if ( null !== $override ) {
			return $override;
		}
		return $settings->is_test_mode()
			? __( 'the Test environment', 'ecster-order-management' )
			: __( 'the Live environment', 'ecster-order-management' );
	}

	/**
	 * The exception's reason in words: Ecster's own message or the transport error.
	 */
	private function reason( ApiException $e ): string {
		$reason = $e->getMessage();
		if ( '' !== $e->get_ecster_message() && ! str_contains( $reason, $e->get_ecster_message() ) ) {
			$reason .= ' (' . $e->get_ecster_message() . ')';
		}
		if ( $e->get_http_status() > 0 && ! str_contains( $reason, (string) $e->get_http_status() ) ) {
			$reason .= ' [HTTP ' . $e->get_http_status() . ']';
		}
		return '' === trim( $reason ) ? $e->get_kind() : $reason;
	}

	/**
	 * Removes the keys from a text that goes back to the browser (defence in depth: the client's
	 * messages never contain them).
	 *
	 * @param string[] $secrets Values to hide.
	 */
	private function redact( string $text, array $secrets ): string {
		foreach ( $secrets as $secret ) {
			if ( strlen( $secret ) >= 4 ) {
				$text = str_replace( $secret, '[redacted]', $text );
			}
		}
		return $text;
	}

	private function no_store( \WP_REST_Response $response ): \WP_REST_Response {
		$response->header( 'Cache-Control', 'no-store, private' );
		return $response;
	}
}
