<?php
/**
 * The "Ecster Pay" payment gateway: refunds and settings for orders paid with Ecster Pay.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Gateway;

use EcsterOM\Admin\SettingsPage;
use EcsterOM\Admin\SettingsSchema;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;

/**
 * Registered under the id `ecster`, the id the Ecster Pay checkout plugin gave its orders, so that
 * WooCommerce routes refunds of those orders here. Customers never see it: it is never available at
 * checkout (classic or block checkout), and its settings page is our React screen instead of
 * WooCommerce's generic form.
 *
 * "Enabled" in WooCommerce means "offered at checkout", so the gateway object reports itself as not
 * enabled (which also keeps it out of the checkout block's list of enabled payment methods). In
 * WooCommerce → Settings → Payments (WooCommerce 9.9's React list), its row is order management:
 * - while that list is built (action `woocommerce_admin_field_payment_gateways`) the row shows
 *   "enabled" exactly when Manage orders is on (with both keys): badge "Active" / "Test mode",
 *   otherwise "Inactive";
 * - its Enable / Disable action (WooCommerce's toggle request) turns Manage orders on or off, with
 *   the settings route's validation: turning on needs both keys;
 * - without keys it "needs setup": WooCommerce shows "Action needed" and its set-up button opens
 *   our settings screen.
 */
class EcsterGateway extends \WC_Payment_Gateway {

	public const ID = 'ecster';

	/**
	 * Carries out a refund: fn( \WC_Order, float, string, ?\WC_Order_Refund, string $trigger ): Result.
	 *
	 * @var callable|null
	 */
	private $refunder;

	/**
	 * @param callable|null $refunder For tests; by default refunds go to the OrderManager.
	 */
	public function __construct( ?callable $refunder = null ) {
		$this->id                 = self::ID;
		$this->method_title       = __( 'Ecster Pay', 'ecster-order-management' );
		$this->method_description = __( 'Order management for Ecster Pay orders: debit, annul and credit from WooCommerce while Manage orders is on. Not shown at checkout.', 'ecster-order-management' );
		$this->title              = $this->method_title;
		$this->description        = '';
		$this->has_fields         = false;
		$this->supports           = array( 'products', 'refunds' );
		$this->enabled            = 'no';
		$this->form_fields        = array();
		$this->refunder           = $refunder;
	}

	/**
	 * Whether order management is on: Manage orders with both keys.
	 */
	public static function management_on(): bool {
		$settings = Plugin::instance()->settings();
		return $settings->manage_orders() && $settings->has_credentials();
	}

	/**
	 * WooCommerce fires `woocommerce_admin_field_payment_gateways` right before it builds its
	 * Payments settings list (the page and its REST route): for the rest of that request the
	 * registered gateway reads "enabled" when order management is on, so its row says so. Checkout
	 * and the block editor, which read "enabled" as "offered to customers", never see this.
	 * Hooked by Admin\SettingsPage::register() (at boot: the action may fire before WooCommerce
	 * has made its gateways).
	 */
	public static function show_management_in_payments_list(): void {
		if ( ! function_exists( 'WC' ) ) {
			return;
		}
		$gateways = WC()->payment_gateways()->payment_gateways();
		$gateway  = $gateways[ self::ID ] ?? null;
		if ( $gateway instanceof self ) {
			$gateway->enabled = self::management_on() ? 'yes' : 'no';
		}
	}

	/**
	 * Adds the gateway to WooCommerce (filter woocommerce_payment_gateways).
	 *
	 * @param mixed $gateways Gateway class names or instances.
	 * @return mixed
	 */
	public static function add_to_woocommerce( $gateways ) {
		if ( ! is_array( $gateways ) ) {
			return $gateways;
		}
		$gateways[] = self::class;
		return $gateways;
	}

	/**
	 * Never offered at checkout.
	 *
	 * @return bool
	 */
	public function is_available() {
		return false;
	}

	/**
	 * WooCommerce's "enabled", as its Payments list toggles it, is order management (Manage orders
	 * with both keys), never the option's own `enabled` key (the checkout plugin's); other keys are
	 * read from the option as usual.
	 *
	 * @param string $key         Option key.
	 * @param mixed  $empty_value Value when empty.
	 * @return mixed
	 */
	public function get_option( $key, $empty_value = null ) {
		if ( 'enabled' === $key ) {
			return self::management_on() ? 'yes' : 'no';
		}
		return parent::get_option( $key, $empty_value );
	}

	/**
	 * Reads the option like every gateway, but stays "not enabled" whatever the option's `enabled`
	 * (that key belongs to the Ecster Pay checkout plugin).
	 *
	 * @return void
	 */
	public function init_settings() {
		parent::init_settings();
		$this->enabled = 'no';
	}

	/**
	 * WooCommerce's settings API writes nothing here, with one exception: its Payments list's
	 * Enable / Disable (`update_option( 'enabled', 'yes'|'no' )`) turns Manage orders on or off,
	 * validated like the settings route (turning on needs both keys). The option's own `enabled`
	 * key (the checkout plugin's) is never written, and every other value must go through the
	 * settings route.
	 *
	 * @param string $key   Option key.
	 * @param mixed  $value Value.
	 * @return bool Whether Manage orders now is as asked (false for every other key).
	 */
	public function update_option( $key, $value = '' ) {
		if ( 'enabled' !== $key || ! in_array( $value, array( 'yes', 'no', true, false ), true ) ) {
			return false;
		}
		$on       = 'yes' === $value || true === $value;
		$settings = Plugin::instance()->settings();
		$result   = SettingsSchema::validate_save( array( 'manageOrders' => $on ), $settings );
		if ( array() !== $result['errors'] || ! $settings->update( $result['changes'] ) ) {
			return false;
		}
		$this->enabled = self::management_on() ? 'yes' : 'no';
		/** This action is documented in plugin/src/Rest/SettingsController.php */
		do_action( 'ecster_om_settings_saved', array_keys( $result['changes'] ) );
		return true;
	}

	/**
	 * WooCommerce's generic settings form is not used: the settings screen saves through our REST
	 * route (validated, API key write-only). Nothing posted to the classic form may overwrite the option.
	 *
	 * @return bool
	 */
	public function process_admin_options() {
		return false;
	}

	/**
	 * The settings section renders our React screen.
	 *
	 * @return void
	 */
	public function admin_options() {
		SettingsPage::render_root();
	}

	/**
	 * Link used by WooCommerce's Payments settings list ("Manage") and our own links.
	 */
	public function get_settings_url(): string {
		return SettingsPage::url();
	}

	/**
	 * True while a key is missing (Manage orders cannot be turned on without both): WooCommerce's
	 * Payments list then shows "Action needed", refuses its Enable action and sends the merchant to
	 * our settings screen.
	 *
	 * @return bool
	 */
	public function needs_setup() {
		return ! Plugin::instance()->settings()->has_credentials();
	}

	/**
	 * Whether keys are stored (read by WooCommerce's Payments list).
	 */
	public function is_account_connected(): bool {
		return Plugin::instance()->settings()->has_credentials();
	}

	/**
	 * Whether the Test environment (or a developer URL) is in use (read by WooCommerce's Payments list).
	 */
	public function is_in_test_mode(): bool {
		$settings = Plugin::instance()->settings();
		return $settings->is_test_mode() || null !== $settings->api_url_override();
	}

	/**
	 * WooCommerce shows "Refund … via Ecster Pay" only for orders we manage; others get a manual refund.
	 *
	 * @param \WC_Order|false|null $order Order.
	 * @return bool
	 */
	public function can_refund_order( $order ) {
		if ( ! $order instanceof \WC_Order || ! $this->supports( 'refunds' ) ) {
			return false;
		}
		return Plugin::instance()->order_manager()->is_managed( $order );
	}

	/**
	 * Credits the amount in Ecster. WooCommerce has already saved the refund when it calls this; a
	 * WP_Error makes WooCommerce delete that refund again and show the message.
	 *
	 * @param int        $order_id Order id.
	 * @param float|null $amount   Amount (major units).
	 * @param mixed      $reason   Reason (WooCommerce passes a string; anything else is ignored).
	 * @return bool|\WP_Error True, or the reason it failed.
	 */
	public function process_refund( $order_id, $amount = null, $reason = '' ) {
		$order = $this->load_order( (int) $order_id );
		if ( null === $order ) {
			return new \WP_Error( 'ecster_om_order_not_found', __( 'The order to refund could not be found.', 'ecster-order-management' ) );
		}
		$amount  = null === $amount ? 0.0 : (float) $amount;
		$reason  = is_scalar( $reason ) ? (string) $reason : '';
		$tracker = Plugin::instance()->refunds()->tracker();
		// The refund WooCommerce is creating in this request, as WooCommerce announced it (never a
		// guess from the database, where other requests' refunds of the same amount may be).
		$refund  = $tracker->being_processed( $order->get_id() );
		$attempt = $tracker->attempt( $order->get_id() );
		$trigger = null !== $attempt ? $attempt->trigger : Runner::TRIGGER_GATEWAY;
		try {
			$result = null !== $this->refunder
				? ( $this->refunder )( $order, $amount, $reason, $refund, $trigger )
				: Plugin::instance()->order_manager()->credit( $order, $refund, $amount, $reason, $trigger );
		} finally {
			if ( null !== $refund ) {
				$tracker->processed( $refund );
			}
		}
		if ( null !== $attempt ) {
			$attempt->result = $result;
		}
		if ( $result->is_success() ) {
			return true;
		}
		// A WP_Error makes WooCommerce delete the refund it just saved and show the message.
		return new \WP_Error( 'ecster_om_' . $result->code(), $result->message(), array( 'result' => $result->code() ) );
	}

	/**
	 * The order (never a refund) with the id.
	 */
	protected function load_order( int $order_id ): ?\WC_Order {
		$order = $order_id > 0 ? wc_get_order( $order_id ) : false;
		return $order instanceof \WC_Order ? $order : null;
	}
}
