<?php
/**
 * Why demo orders could not be made.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

/**
 * Carries a stable error code (`ecster_om_demo_…`), a human message, the HTTP status the REST
 * route answers with and, for bad options, the option's name.
 */
final class DemoException extends \RuntimeException {

	public const INVALID_OPTION      = 'ecster_om_demo_invalid_option';
	public const NO_SANDBOX          = 'ecster_om_demo_no_sandbox';
	public const SANDBOX_UNREACHABLE = 'ecster_om_demo_sandbox_unreachable';
	public const SANDBOX_ERROR       = 'ecster_om_demo_sandbox_error';
	public const ECSTER_ERROR        = 'ecster_om_demo_ecster_error';
	public const NOT_ALLOWED         = 'ecster_om_demo_not_allowed';
	public const ORDER_FAILED        = 'ecster_om_demo_order_failed';

	public function __construct(
		private string $error_code,
		string $message,
		private int $http_status = 400,
		private ?string $field = null
	) {
		parent::__construct( $message );
	}

	public function error_code(): string {
		return $this->error_code;
	}

	public function http_status(): int {
		return $this->http_status;
	}

	/**
	 * The option that was wrong (count, method, amount, digital, ifNone), or null.
	 */
	public function field(): ?string {
		return $this->field;
	}
}
