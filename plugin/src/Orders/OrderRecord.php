<?php
/**
 * The one owner of an order's Ecster state: its journal entries and its order meta.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;

/**
 * Two layers, one truth:
 * - the journal (`Journal`, a table of our own) is the record of every money operation: the intent
 *   saved before the request, then Ecster's answer or the evidence found later;
 * - order meta is what WooCommerce, the Ecster Pay checkout plugin and other tools read. The keys
 *   are the checkout plugin's own (`_ecster_order_captured_id`, `_ecster_order_cancelled_id`,
 *   `_ecster_refund_id_<refund>`), so orders keep working with everything that knew them.
 *
 * Reads take meta first (orders debited by the checkout plugin only have meta) and fall back to
 * the journal, which is always read fresh from the database: a process that waited for the order's
 * lock sees what the previous holder did even when its own order object was loaded before.
 *
 * Nothing here calls Ecster. Every write to meta goes through this class; it saves the order unless
 * the order object is being saved right now (the Completed guard runs inside WooCommerce's
 * `before save` hook, where saving again would fire the status hooks early): then the changes ride
 * along with WooCommerce's own save.
 */
class OrderRecord {

	public const META_REFERENCE           = '_wc_ecster_internal_reference';
	public const META_METHOD              = '_wc_ecster_payment_method';
	public const META_SWISH_ID            = '_wc_ecster_swish_id';
	public const META_CAPTURED            = '_ecster_order_captured_id';
	public const META_CANCELLED           = '_ecster_order_cancelled_id';
	public const META_REFUND_PREFIX       = '_ecster_refund_id_';
	public const META_DEBITED_AMOUNT      = '_ecster_om_debited_amount';
	public const META_SWISH_REFUND_PREFIX = '_ecster_om_swish_refund_';

	public const SWISH = 'SWISH';

	/** @var array<int, true> spl_object_id of order objects inside WooCommerce's save right now. */
	private static array $saving = array();

	/** @var list<JournalEntry>|null */
	private ?array $entries = null;

	public function __construct(
		private \WC_Order $order,
		private Journal $journal
	) {}

	public function order(): \WC_Order {
		return $this->order;
	}

	public function order_id(): int {
		return $this->order->get_id();
	}

	public function journal(): Journal {
		return $this->journal;
	}

	/**
	 * Marks an order object as being saved by WooCommerce: meta changes wait for that save.
	 */
	public static function saving( \WC_Order $order, bool $saving ): void {
		if ( $saving ) {
			self::$saving[ spl_object_id( $order ) ] = true;
		} else {
			unset( self::$saving[ spl_object_id( $order ) ] );
		}
	}

	public static function is_saving( \WC_Order $order ): bool {
		return isset( self::$saving[ spl_object_id( $order ) ] );
	}

	// ---------------------------------------------------------------------------------------
	// What the order is.
	// ---------------------------------------------------------------------------------------

	/**
	 * Ecster's order id, '' when the order has none.
	 */
	public static function reference_of( \WC_Order $order ): string {
		$reference = $order->get_meta( self::META_REFERENCE );
		return is_scalar( $reference ) ? trim( (string) $reference ) : '';
	}

	public function reference(): string {
		return self::reference_of( $this->order );
	}

	/**
	 * Payment method written at checkout (INVOICE, CARD, PARTPAYMENT, SWISH, ACCOUNT), upper case.
	 */
	public function method(): string {
		return strtoupper( (string) $this->meta( self::META_METHOD ) );
	}

	public function is_swish_by_meta(): bool {
		return self::SWISH === $this->method();
	}

	public function swish_debit_id(): string {
		return (string) $this->meta( self::META_SWISH_ID );
	}

	// ---------------------------------------------------------------------------------------
	// What happened to it.
	// ---------------------------------------------------------------------------------------

	/**
	 * The DEBIT transaction id, '' when not debited (as far as WooCommerce knows).
	 */
	public function captured_id(): string {
		$meta = (string) $this->meta( self::META_CAPTURED );
		if ( '' !== $meta ) {
			return $meta;
		}
		$entry = $this->confirmed( JournalEntry::DEBIT );
		return null !== $entry ? $entry->transaction_id : '';
	}

	/**
	 * Debited amount in minor units as recorded here; null when unknown (debited by the checkout plugin).
	 */
	public function debited_amount(): ?int {
		$entry = $this->confirmed( JournalEntry::DEBIT );
		if ( null !== $entry && $entry->amount > 0 ) {
			return $entry->amount;
		}
		$meta = (string) $this->meta( self::META_DEBITED_AMOUNT );
		return '' !== $meta && is_numeric( $meta ) ? (int) $meta : null;
	}

	/**
	 * The ANNUL transaction id, '' when not annulled.
	 */
	public function cancelled_id(): string {
		$meta = (string) $this->meta( self::META_CANCELLED );
		if ( '' !== $meta ) {
			return $meta;
		}
		$entry = $this->confirmed( JournalEntry::ANNUL );
		return null !== $entry ? $entry->transaction_id : '';
	}

	/**
	 * The Ecster transaction that credited a WooCommerce refund ('swish' for Swish refunds the
	 * checkout plugin recorded), '' when that refund was not credited.
	 */
	public function credit_for_refund( int $refund_id ): string {
		$meta = (string) $this->meta( self::META_REFUND_PREFIX . $refund_id );
		if ( '' !== $meta ) {
			return $meta;
		}
		foreach ( $this->entries() as $entry ) {
			if ( $refund_id === $entry->refund_id && JournalEntry::CONFIRMED === $entry->state ) {
				if ( JournalEntry::CREDIT === $entry->operation ) {
					return $entry->transaction_id;
				}
				if ( 'SUCCESS' === $entry->detail( 'swishStatus' ) ) {
					return '' !== $entry->transaction_id ? $entry->transaction_id : 'swish';
				}
			}
		}
		return '';
	}

	public function credit_invoice_url( int $refund_id ): string {
		$meta = (string) $this->meta( self::META_REFUND_PREFIX . $refund_id . '_invoice' );
		if ( '' !== $meta ) {
			return $meta;
		}
		$entry = $this->journal_entry_for_refund( $refund_id );
		return null !== $entry ? (string) $entry->detail( 'billPdfUrl', '' ) : '';
	}

	/**
	 * Swish status of a refund's Swish refund (ONGOING, SUCCESS, FAILED…), '' when none.
	 */
	public function swish_status( int $refund_id ): string {
		$entry = $this->journal_entry_for_refund( $refund_id );
		if ( null !== $entry && JournalEntry::SWISH_REFUND === $entry->operation && JournalEntry::CONFIRMED === $entry->state ) {
			return (string) $entry->detail( 'swishStatus', '' );
		}
		return (string) $this->meta( self::META_SWISH_REFUND_PREFIX . $refund_id );
	}

	/**
	 * A Swish refund Ecster is still carrying out (journal, or the meta of an earlier version).
	 */
	public function has_running_swish_refund(): bool {
		foreach ( $this->entries() as $entry ) {
			if ( $entry->is_swish_running() ) {
				return true;
			}
		}
		foreach ( $this->order->get_meta_data() as $meta ) {
			$data = $meta->get_data();
			$key  = (string) $data['key'];
			if ( str_starts_with( $key, self::META_SWISH_REFUND_PREFIX ) && ! str_ends_with( $key, '_amount' ) && 'ONGOING' === $data['value'] ) {
				$refund_id = (int) substr( $key, strlen( self::META_SWISH_REFUND_PREFIX ) );
				if ( null === $this->journal_entry_for_refund( $refund_id ) ) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Something is waiting for Ecster or the reconciler: an open question, a running Swish refund,
	 * or a credit found in Ecster whose WooCommerce refund is still to be made.
	 */
	public function needs_follow_up(): bool {
		foreach ( $this->entries() as $entry ) {
			if ( $entry->is_open() || $entry->is_swish_running() || true === $entry->detail( 'needsRefund' ) ) {
				return true;
			}
		}
		return $this->has_running_swish_refund();
	}

	/**
	 * Journal entries of the order, newest first (read once per record; `refresh()` reads again).
	 *
	 * @return list<JournalEntry>
	 */
	public function entries(): array {
		return $this->entries ??= $this->journal->for_order( $this->order_id() );
	}

	/**
	 * Entries whose outcome is an open question, oldest first (always read fresh).
	 *
	 * @return list<JournalEntry>
	 */
	public function open_entries(): array {
		return $this->journal->open_for_order( $this->order_id() );
	}

	public function refresh(): void {
		$this->entries = null;
	}

	/**
	 * The newest entry that belongs to a WooCommerce refund.
	 */
	public function journal_entry_for_refund( int $refund_id ): ?JournalEntry {
		if ( $refund_id <= 0 ) {
			return null;
		}
		foreach ( $this->entries() as $entry ) {
			if ( $refund_id === $entry->refund_id ) {
				return $entry;
			}
		}
		return null;
	}

	/**
	 * Newest confirmed entry of an operation.
	 */
	public function confirmed( string $operation ): ?JournalEntry {
		foreach ( $this->entries() as $entry ) {
			if ( $operation === $entry->operation && JournalEntry::CONFIRMED === $entry->state ) {
				return $entry;
			}
		}
		return null;
	}

	// ---------------------------------------------------------------------------------------
	// Writes (meta, in the checkout plugin's keys).
	// ---------------------------------------------------------------------------------------

	public function record_debit( string $transaction_id, int $amount ): void {
		$this->set( self::META_CAPTURED, $transaction_id );
		if ( $amount > 0 ) {
			$this->set( self::META_DEBITED_AMOUNT, (string) $amount );
		}
		$this->commit();
	}

	public function record_annul( string $transaction_id ): void {
		$this->set( self::META_CANCELLED, $transaction_id );
		$this->commit();
	}

	public function record_credit( int $refund_id, string $transaction_id, string $invoice_url ): void {
		$this->set( self::META_REFUND_PREFIX . $refund_id, $transaction_id );
		$this->set( self::META_REFUND_PREFIX . $refund_id . '_invoice', $invoice_url );
		$this->commit();
	}

	/**
	 * Swish refund progress; SUCCESS also marks the refund credited.
	 */
	public function record_swish_refund( int $refund_id, string $status, string $ecster_refund_id ): void {
		$this->set( self::META_SWISH_REFUND_PREFIX . $refund_id, $status );
		if ( 'SUCCESS' === $status ) {
			$this->set( self::META_REFUND_PREFIX . $refund_id, '' !== $ecster_refund_id ? $ecster_refund_id : 'swish' );
		}
		$this->commit();
	}

	/**
	 * Saves the order's meta changes now, or leaves them to the save WooCommerce is running.
	 */
	public function commit(): void {
		$this->entries = null;
		if ( ! self::is_saving( $this->order ) ) {
			$this->order->save();
		}
	}

	/**
	 * @return mixed
	 */
	private function meta( string $key ) {
		return $this->order->get_meta( $key );
	}

	private function set( string $key, string $value ): void {
		if ( (string) $this->order->get_meta( $key ) !== $value ) {
			$this->order->update_meta_data( $key, $value );
		}
	}
}
