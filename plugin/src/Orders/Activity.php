<?php
/**
 * The journal as the merchant reads it: "Ecster activity".
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Orders\Journal\JournalEntry;

/**
 * One row per operation for the order panel (`activity` in the order state) and WP-CLI. Texts are
 * made when shown, in the viewer's language, from what the journal recorded.
 */
final class Activity {

	/**
	 * @param list<JournalEntry> $entries Newest first.
	 * @return list<array<string, mixed>>
	 */
	public static function rows( array $entries ): array {
		return array_map( array( self::class, 'row' ), $entries );
	}

	/**
	 * @return array<string, mixed>
	 */
	public static function row( JournalEntry $entry ): array {
		$user = $entry->user_id > 0 && function_exists( 'get_userdata' ) ? get_userdata( $entry->user_id ) : false;
		return array(
			'id'            => $entry->id,
			'reference'     => $entry->reference,
			'operation'     => $entry->operation,
			'state'         => $entry->state,
			'checking'      => $entry->is_open() && ! $entry->gave_up && null !== $entry->next_check,
			'gaveUp'        => $entry->gave_up,
			'amount'        => JournalEntry::ANNUL === $entry->operation ? null : $entry->amount,
			'currency'      => $entry->currency,
			'refundId'      => $entry->refund_id > 0 ? $entry->refund_id : null,
			'trigger'       => $entry->trigger,
			'user'          => $user instanceof \WP_User ? $user->display_name : null,
			'created'       => gmdate( 'c', $entry->created ),
			'updated'       => gmdate( 'c', $entry->updated ),
			'transactionId' => '' !== $entry->transaction_id ? $entry->transaction_id : null,
			'ecsterCode'    => '' !== $entry->ecster_code ? $entry->ecster_code : null,
			'message'       => self::message( $entry ),
			'nextCheck'     => null !== $entry->next_check ? gmdate( 'c', $entry->next_check ) : null,
			'swishStatus'   => JournalEntry::SWISH_REFUND === $entry->operation ? $entry->detail( 'swishStatus' ) : null,
		);
	}

	public static function message( JournalEntry $entry ): string {
		$money = Notes::money( $entry->amount, '' !== $entry->currency ? $entry->currency : 'SEK' );
		$what  = JournalEntry::ANNUL === $entry->operation
			? __( 'Annul of the reservation', 'ecster-order-management' )
			: sprintf(
				/* translators: 1: operation (debit, credit, Swish refund), 2: amount */
				__( '%1$s of %2$s', 'ecster-order-management' ),
				self::operation_title( $entry->operation ),
				$money
			);
		switch ( $entry->state ) {
			case JournalEntry::CONFIRMED:
				$found = 'answer' !== $entry->detail( 'foundBy', 'answer' )
					? ' ' . __( '(Ecster\'s answer was lost; found in Ecster\'s records.)', 'ecster-order-management' )
					: '';
				if ( JournalEntry::SWISH_REFUND === $entry->operation && 'SUCCESS' !== $entry->detail( 'swishStatus' ) ) {
					if ( 'ONGOING' === $entry->detail( 'swishStatus' ) ) {
						/* translators: %s: operation and amount */
						return sprintf( __( '%s accepted by Ecster; the refund is still running.', 'ecster-order-management' ), $what ) . $found;
					}
					return sprintf(
						/* translators: 1: operation and amount, 2: Swish status */
						__( '%1$s accepted by Ecster, but it ended with the status %2$s: the customer did not get the money.', 'ecster-order-management' ),
						$what,
						(string) $entry->detail( 'swishStatus' )
					) . $found;
				}
				/* translators: %s: operation and amount */
				return sprintf( __( '%s confirmed by Ecster.', 'ecster-order-management' ), $what ) . $found;
			case JournalEntry::REFUSED:
				/* translators: 1: operation and amount, 2: Ecster's message */
				return sprintf( __( '%1$s refused by Ecster: %2$s', 'ecster-order-management' ), $what, $entry->message );
			case JournalEntry::NOT_APPLIED:
				/* translators: 1: operation and amount, 2: evidence */
				return sprintf( __( '%1$s did not happen: %2$s', 'ecster-order-management' ), $what, $entry->message );
			case JournalEntry::UNKNOWN:
				$text = sprintf(
					/* translators: %s: operation and amount */
					__( '%s: Ecster\'s answer was lost, so it is not known yet whether it was carried out.', 'ecster-order-management' ),
					$what
				);
				if ( $entry->gave_up ) {
					$text .= ' ' . __( 'Automatic checks have stopped; check the order in Ecster\'s portal.', 'ecster-order-management' );
				} elseif ( $entry->checks > 0 && '' !== $entry->message ) {
					/* translators: %s: what the last check found */
					$text .= ' ' . sprintf( __( 'Last check: %s', 'ecster-order-management' ), $entry->message );
				}
				return $text;
			default:
				/* translators: %s: operation and amount */
				return sprintf( __( '%s: sent to Ecster, no outcome recorded (the request that sent it stopped). It is checked with Ecster.', 'ecster-order-management' ), $what );
		}
	}

	public static function operation_title( string $operation ): string {
		switch ( $operation ) {
			case JournalEntry::ANNUL:
				return __( 'Annul', 'ecster-order-management' );
			case JournalEntry::CREDIT:
				return __( 'Credit', 'ecster-order-management' );
			case JournalEntry::SWISH_REFUND:
				return __( 'Swish refund', 'ecster-order-management' );
			default:
				return __( 'Debit', 'ecster-order-management' );
		}
	}
}
