<?php
/**
 * What debit and annul share: one transaction on the whole Ecster order.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\Call;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Api\TransactionResult;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\OrderRecord;

/**
 * The request is the body saved with the intent (`data.body`), sent as a transaction with the
 * WooCommerce order id as `transactionReference` (what the merchant looks for in Ecster's portal;
 * earlier versions sent it too). Evidence does not depend on it: a whole-order debit or annul
 * cannot happen twice, so Ecster's order status tells (see each evidence()).
 */
abstract class WholeOrderOperation extends Operation {

	public function send( ClientInterface $client, OrderRecord $record, JournalEntry $entry ): Answer {
		return $this->answer( $this->call( $record, $entry )->run( $client ), $record, $entry );
	}

	public function call( OrderRecord $record, JournalEntry $entry ): Call {
		$body                         = (array) $entry->detail( 'body', array( 'type' => strtoupper( $this->name() ) ) );
		$body['transactionReference'] = (string) $entry->order_id;
		return Call::create_transaction( $entry->ecster_order_id, $body );
	}

	public function answer( EcsterOrder|TransactionResult $result, OrderRecord $record, JournalEntry $entry ): Answer {
		if ( ! $result instanceof TransactionResult ) {
			throw new \LogicException( 'A transaction request is answered with a transaction.' );
		}
		return new Answer( $result->transaction->id, array( 'orderStatus' => $result->order_status ) );
	}
}
