<?php
/**
 * An Ecster transaction (ORIGINAL, DEBIT, CREDIT, ANNUL).
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * Immutable value object built from Ecster's JSON.
 */
final class Transaction {

	/**
	 * @param array<int, array<string, mixed>> $rows Rows as sent by Ecster.
	 */
	public function __construct(
		public readonly string $id,
		public readonly string $type,
		public readonly int $amount,
		public readonly string $created = '',
		public readonly string $transaction_reference = '',
		public readonly string $bill_pdf_url = '',
		public readonly array $rows = array()
	) {}

	/**
	 * @param array<string, mixed> $data Decoded JSON.
	 * @throws ApiException When required fields are missing.
	 */
	public static function from_array( array $data ): self {
		if ( ! isset( $data['id'], $data['type'] ) || ! is_scalar( $data['id'] ) || ! is_scalar( $data['type'] ) ) {
			throw new ApiException( 'Ecster returned a transaction without id or type.', ApiException::KIND_MALFORMED );
		}
		return new self(
			(string) $data['id'],
			(string) $data['type'],
			isset( $data['amount'] ) && is_numeric( $data['amount'] ) ? (int) round( (float) $data['amount'] ) : 0,
			isset( $data['created'] ) && is_string( $data['created'] ) ? $data['created'] : '',
			isset( $data['transactionReference'] ) && is_scalar( $data['transactionReference'] ) ? (string) $data['transactionReference'] : '',
			isset( $data['billPdfUrl'] ) && is_string( $data['billPdfUrl'] ) ? $data['billPdfUrl'] : '',
			isset( $data['rows'] ) && is_array( $data['rows'] ) ? array_values( array_filter( $data['rows'], 'is_array' ) ) : array()
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return array(
			'id'                   => $this->id,
			'type'                 => $this->type,
			'amount'               => $this->amount,
			'created'              => $this->created,
			'transactionReference' => $this->transaction_reference,
			'billPdfUrl'           => $this->bill_pdf_url,
		);
	}
}
