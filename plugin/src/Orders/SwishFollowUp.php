<?php
/**
 * Swish refunds after their request: followed to their end, and taken over from earlier plugins.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\SwishRefund as EcsterSwishRefund;
use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Operations\EcsterView;
use EcsterOM\Orders\Operations\OperationFactory;
use EcsterOM\Orders\Operations\SwishRefund;

/**
 * Part of the reconciler's check of an order (Reconciler::reconcile_order(), under the order's lock):
 * a Swish refund Ecster accepted runs asynchronously (ONGOING, then SUCCESS or a failed status), so it
 * is followed every few minutes until it ends; Swish refunds started by the Ecster Pay checkout
 * plugin or by version 1.0 of this plugin (order meta only, no journal entry) are taken into the
 * journal first and then followed the same way.
 */
final class SwishFollowUp {

	public function __construct(
		private Journal $journal,
		private OperationFactory $operations,
		private Notes $notes
	) {}

	/**
	 * The WooCommerce refund a queued poll of the checkout plugin is about: the order's newest
	 * refund of that amount that is neither credited (`_ecster_refund_id_<refund>`) nor in the
	 * journal; 0 when there is none.
	 */
	private function checkout_plugin_refund( OrderRecord $record, int $amount ): int {
		foreach ( $record->order()->get_refunds() as $refund ) { // Newest first.
			if ( RowBuilder::to_minor( abs( (float) $refund->get_amount() ) ) === $amount
				&& '' === $record->credit_for_refund( $refund->get_id() )
				&& null === $record->journal_entry_for_refund( $refund->get_id() ) ) {
				return $refund->get_id();
			}
		}
		return 0;
	}

	/**
	 * Swish refunds still running that no journal entry records, taken into the journal so that
	 * follow() follows them to their end (once: the entry is what later checks find):
	 * - refunds version 1.0 of this plugin marked `_ecster_om_swish_refund_<refund>` = ONGOING;
	 * - with `$checkout_plugin_amount` (a queued poll of the Ecster Pay checkout plugin, which kept
	 *   no per-refund record): the order's newest WooCommerce refund of that amount that is neither
	 *   credited (`_ecster_refund_id_<refund>`) nor in the journal; 0 for a job that named no amount,
	 *   whose refund is the one of the amount of Ecster's latest Swish refund.
	 * The Ecster id of the refund is taken from Ecster's latest Swish refund when that one has the
	 * amount and no other entry of the order claims it; otherwise it stays unknown and the follow-up
	 * reads the latest refund only while its amount matches.
	 */
	public function adopt( OrderRecord $record, EcsterView $view, ?int $checkout_plugin_amount ): void {
		$order      = $record->order();
		$candidates = array();
		foreach ( $order->get_meta_data() as $meta ) {
			$data = $meta->get_data();
			$key  = (string) $data['key'];
			if ( ! str_starts_with( $key, OrderRecord::META_SWISH_REFUND_PREFIX ) || str_ends_with( $key, '_amount' ) || 'ONGOING' !== $data['value'] ) {
				continue;
			}
			$refund_id = (int) substr( $key, strlen( OrderRecord::META_SWISH_REFUND_PREFIX ) );
			$amount    = (int) $order->get_meta( $key . '_amount' );
			$refund    = $refund_id > 0 ? wc_get_order( $refund_id ) : null;
			if ( $amount <= 0 && $refund instanceof \WC_Order_Refund ) {
				$amount = RowBuilder::to_minor( abs( (float) $refund->get_amount() ) );
			}
			if ( $refund_id > 0 && $amount > 0 ) {
				$candidates[ $refund_id ] = array( $amount, Reconciler::FROM_EARLIER_VERSION );
			}
		}
		if ( 0 === $checkout_plugin_amount ) {
			try {
				$latest                 = $view->latest_swish_refund();
				$checkout_plugin_amount = null !== $latest && null !== $latest->amount ? $latest->amount : 0;
			} catch ( ApiException $e ) {
				$checkout_plugin_amount = 0;
			}
		}
		if ( null !== $checkout_plugin_amount ) {
			$refund_id = $checkout_plugin_amount > 0 ? $this->checkout_plugin_refund( $record, $checkout_plugin_amount ) : 0;
			if ( $refund_id > 0 && ! isset( $candidates[ $refund_id ] ) ) {
				$candidates[ $refund_id ] = array( $checkout_plugin_amount, Reconciler::FROM_CHECKOUT_PLUGIN );
			} elseif ( $refund_id <= 0 ) {
				$this->notes->logger()->warning(
					'A Swish refund check queued by the Ecster Pay checkout plugin names an amount no open refund of the order has; nothing to follow.',
					array(
						'order_id' => $order->get_id(),
						'amount'   => $checkout_plugin_amount,
					)
				);
			}
		}
		foreach ( $candidates as $refund_id => list( $amount, $source ) ) {
			if ( null !== $record->journal_entry_for_refund( $refund_id ) ) {
				continue; // Already in the journal: followed (or finished) there.
			}
			$transaction_id = '';
			try {
				$latest = $view->latest_swish_refund();
			} catch ( ApiException $e ) {
				$latest = null;
			}
			if ( null !== $latest && '' !== $latest->id && ( null === $latest->amount || $latest->amount === $amount ) && ! $this->claimed( $record, $latest->id ) ) {
				$transaction_id = $latest->id;
			}
			try {
				$entry = $this->journal->begin(
					$order->get_id(),
					$record->reference(),
					JournalEntry::SWISH_REFUND,
					$amount,
					$order->get_currency(),
					$refund_id,
					Runner::TRIGGER_RECONCILER,
					array( 'adoptedFrom' => $source )
				);
			} catch ( \EcsterOM\Orders\Journal\JournalException $e ) {
				$this->notes->logger()->error( $e->getMessage(), array( 'order_id' => $order->get_id() ) );
				return;
			}
			$entry = $this->journal->confirm( $entry, $transaction_id, '', array( 'swishStatus' => EcsterSwishRefund::ONGOING ) );
			$this->journal->follow_up( $entry, time() );
			$record->refresh();
		}
	}

	/**
	 * True when a journal entry of the order already carries this Ecster Swish refund id.
	 */
	private function claimed( OrderRecord $record, string $ecster_refund_id ): bool {
		foreach ( $record->entries() as $entry ) {
			if ( JournalEntry::SWISH_REFUND === $entry->operation && $ecster_refund_id === $entry->transaction_id ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Follows confirmed Swish refunds that Ecster is still carrying out.
	 *
	 * @return list<JournalEntry> The refunds that finished (SUCCESS or failed).
	 */
	public function follow( OrderRecord $record, EcsterView $view ): array {
		$finished = array();
		foreach ( $record->entries() as $entry ) {
			if ( ! $entry->is_swish_running() || $entry->gave_up || null === $entry->next_check ) {
				continue;
			}
			$operation = $this->operations->for_entry( $entry );
			if ( ! $operation instanceof SwishRefund ) {
				continue;
			}
			try {
				$operation->follow( $record, $entry, $view );
			} catch ( ApiException $e ) {
				$this->notes->logger()->warning(
					'Swish refund status check failed; trying again later.',
					array(
						'order_id' => $record->order_id(),
						'error'    => $e->getMessage(),
					)
				);
				$record->journal()->follow_up( $entry, time() + SwishRefund::FOLLOW_INTERVAL );
				Reconciler::schedule( $record->order_id(), time() + SwishRefund::FOLLOW_INTERVAL );
				continue;
			}
			$fresh = $this->journal->find( $entry->id );
			if ( null !== $fresh && ! $fresh->is_swish_running() ) {
				$finished[] = $fresh;
			}
		}
		$record->refresh();
		return $finished;
	}
}
