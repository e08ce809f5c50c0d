<?php
/**
 * Input that cannot be acted on, with the field it is about.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Refunds;

/**
 * Thrown by the domain's input checks; REST turns it into a 400 with `data.field`, WP-CLI into an
 * error line and exit code.
 */
final class InvalidInput extends \InvalidArgumentException {

	public function __construct(
		public readonly string $error_code,
		string $message,
		public readonly string $field
	) {
		parent::__construct( $message );
	}
}
