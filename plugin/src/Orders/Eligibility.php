<?php
/**
 * Which orders this plugin manages.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Settings;

/**
 * Managed = paid with the `ecster` gateway + Manage orders on + an Ecster order reference. The
 * cheapest checks come first: the payment method is in memory, the setting an autoloaded option,
 * the reference order meta. Unmanaged orders cause no Ecster request, no note, no other meta read.
 */
final class Eligibility {

	public const GATEWAY_ID = 'ecster';

	public function __construct( private Settings $settings ) {}

	/**
	 * `not_ecster` | `manage_orders_off` | `no_reference`, or null when managed.
	 */
	public function unmanaged_reason( \WC_Order $order ): ?string {
		if ( self::GATEWAY_ID !== $order->get_payment_method() ) {
			return 'not_ecster';
		}
		if ( ! $this->settings->manage_orders() ) {
			return 'manage_orders_off';
		}
		if ( '' === OrderRecord::reference_of( $order ) ) {
			return 'no_reference';
		}
		return null;
	}

	public function is_managed( \WC_Order $order ): bool {
		return null === $this->unmanaged_reason( $order );
	}

	public static function message( string $reason ): string {
		switch ( $reason ) {
			case 'not_ecster':
				return __( 'This order was not paid with Ecster Pay.', 'ecster-order-management' );
			case 'manage_orders_off':
				return __( 'Manage orders is turned off in the Ecster Pay settings, so this plugin does not debit, annul or credit Ecster orders.', 'ecster-order-management' );
			default:
				return __( 'This order has no Ecster order reference (_wc_ecster_internal_reference), so it cannot be handled in Ecster.', 'ecster-order-management' );
		}
	}
}
