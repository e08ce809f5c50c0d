<?php
/**
 * The one place that turns outcomes and failures into order notes and log lines.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Logger;
use EcsterOM\Orders\Journal\JournalEntry;

/**
 * Every failure is loud: an order note the merchant reads (Ecster's code and message when it sent
 * one) and a log line for the developer (never the API key: the Logger redacts).
 */
class Notes {

	public function __construct( private Logger $logger ) {}

	public function logger(): Logger {
		return $this->logger;
	}

	/**
	 * A note on the order and an info line in the log.
	 *
	 * @param array<string, mixed> $context Log context.
	 */
	public function note( \WC_Order $order, string $message, array $context = array() ): void {
		$order->add_order_note( $message );
		$this->logger->info( wp_strip_all_tags( $message ), array( 'order_id' => $order->get_id() ) + $context );
	}

	/**
	 * A refusal decided here, before anything was sent: note, warning in the log, failed Result.
	 */
	public function refusal( \WC_Order $order, string $code, string $message, string $transaction_id = '' ): Result {
		$order->add_order_note( $message );
		$this->logger->warning(
			$message,
			array(
				'order_id' => $order->get_id(),
				'code'     => $code,
			)
		);
		return Result::failure( $code, $message, false, $transaction_id );
	}

	/**
	 * An earlier operation's outcome is still unknown: nothing new is sent.
	 */
	public function still_open( \WC_Order $order, string $operation, JournalEntry $open ): Result {
		$message = sprintf(
			/* translators: 1: operation now asked for, 2: earlier operation, 3: its reference, 4: what is known */
			__( 'Ecster %1$s not sent: the outcome of an earlier Ecster %2$s (reference %3$s) is still unknown, and nothing new is sent for this order until Ecster\'s records show what happened. %4$s It is checked again automatically; "Check with Ecster now" in the Ecster Pay panel checks at once.', 'ecster-order-management' ),
			self::operation_name( $operation ),
			self::operation_name( $open->operation ),
			$open->reference,
			$open->message
		);
		return $this->refusal( $order, Result::OUTCOME_PENDING, $message );
	}

	/**
	 * A failed call to Ecster: what it means, as a note, a log line and a Result.
	 *
	 * @param string $operation Journal operation (debit, annul, credit, swish_refund).
	 * @param bool   $posted    The failed request was the money request itself (not a read).
	 */
	public function api_failure( \WC_Order $order, string $operation, ApiException $e, bool $posted ): Result {
		$unknown     = self::outcome_unknown( $e, $posted );
		$ecster_text = null !== $e->get_ecster_code()
			? sprintf(
				/* translators: 1: Ecster error code, 2: Ecster error message, 3: HTTP status */
				__( 'Error code: %1$s. Error message: %2$s (HTTP %3$d).', 'ecster-order-management' ),
				(string) $e->get_ecster_code(),
				'' !== $e->get_ecster_message() ? $e->get_ecster_message() : $e->getMessage(),
				$e->get_http_status()
			)
			: '';
		if ( $unknown && ApiException::KIND_RATE_LIMITED === $e->get_kind() ) {
			$code = Result::RATE_LIMITED;
			$text = __( 'Ecster is rate limiting requests (HTTP 429 Too Many Requests). The request was most likely not carried out; it is recorded as an open question and checked with Ecster before anything is sent again for this order. Try again in a minute.', 'ecster-order-management' );
		} elseif ( $unknown ) {
			$code = Result::OUTCOME_UNKNOWN;
			$text = ( '' !== $ecster_text ? $ecster_text . ' ' : '' ) . sprintf(
				/* translators: %s: technical reason (timeout, dropped connection, malformed answer) */
				__( 'Unknown outcome: the request was sent but no valid answer came back from Ecster (%s), so it may or may not have been carried out. It is recorded as an open question and checked with Ecster automatically; nothing is sent again for this order until Ecster\'s records show what happened.', 'ecster-order-management' ),
				$this->kind_label( $e )
			);
		} elseif ( ApiException::KIND_RATE_LIMITED === $e->get_kind() ) {
			$code = Result::RATE_LIMITED;
			$text = __( 'Ecster is rate limiting requests (HTTP 429 Too Many Requests). Nothing was changed; try again in a minute.', 'ecster-order-management' );
		} elseif ( ApiException::KIND_CONFIG === $e->get_kind() ) {
			$code = Result::NOT_CONFIGURED;
			$text = __( 'The Ecster API key or merchant key is missing. Add them in the Ecster Pay settings.', 'ecster-order-management' );
		} elseif ( ! $posted && $e->is_outcome_unknown() ) {
			$code = Result::ECSTER_UNREACHABLE;
			$text = sprintf(
				/* translators: %s: technical reason */
				__( 'Ecster could not be reached to read the order (%s). Nothing was sent; try again later.', 'ecster-order-management' ),
				$this->kind_label( $e )
			);
		} elseif ( '' !== $ecster_text ) {
			$code = Result::ECSTER_ERROR;
			$text = $ecster_text;
		} else {
			$code = Result::ECSTER_ERROR;
			$text = sprintf(
				/* translators: 1: HTTP status, 2: message */
				__( 'Ecster answered HTTP %1$d: %2$s', 'ecster-order-management' ),
				$e->get_http_status(),
				'' !== $e->get_ecster_message() ? $e->get_ecster_message() : $e->getMessage()
			);
		}
		$label   = self::failure_label( $operation );
		$message = $label . ' ' . $text;
		$order->add_order_note( $message );
		$this->logger->error(
			$label,
			array(
				'order_id'       => $order->get_id(),
				'kind'           => $e->get_kind(),
				'http_status'    => $e->get_http_status(),
				'ecster_code'    => $e->get_ecster_code(),
				'ecster_message' => $e->get_ecster_message(),
				'error'          => $e->getMessage(),
				'outcome'        => $unknown ? 'unknown' : 'failed',
			)
		);
		return Result::failure( $code, $message, $posted );
	}

	/**
	 * No valid answer to a money request: it may have been carried out. A timeout, a dropped
	 * connection, a malformed answer, any 5xx (Ecster may have stored it before failing) and a 429
	 * (a proxy may answer it after forwarding) all leave the question open.
	 */
	public static function outcome_unknown( ApiException $e, bool $posted ): bool {
		if ( ! $posted ) {
			return false;
		}
		return $e->is_outcome_unknown()
			|| ApiException::KIND_RATE_LIMITED === $e->get_kind()
			|| ( ApiException::KIND_HTTP === $e->get_kind() && $e->get_http_status() >= 500 );
	}

	public static function failure_label( string $operation ): string {
		switch ( $operation ) {
			case 'annul':
				return __( 'Ecster annul request failed.', 'ecster-order-management' );
			case 'credit':
				return __( 'Ecster credit order failed.', 'ecster-order-management' );
			case 'swish_refund':
				return __( 'Ecster credit Swish order failed.', 'ecster-order-management' );
			default:
				return __( 'Ecster debit failed.', 'ecster-order-management' );
		}
	}

	/**
	 * The operation as a merchant reads it in a sentence ("the debit").
	 */
	public static function operation_name( string $operation ): string {
		switch ( $operation ) {
			case 'annul':
				return __( 'annul', 'ecster-order-management' );
			case 'credit':
				return __( 'credit', 'ecster-order-management' );
			case 'swish_refund':
				return __( 'Swish refund', 'ecster-order-management' );
			default:
				return __( 'debit', 'ecster-order-management' );
		}
	}

	public function kind_label( ApiException $e ): string {
		switch ( $e->get_kind() ) {
			case ApiException::KIND_TIMEOUT:
				return __( 'timeout', 'ecster-order-management' );
			case ApiException::KIND_MALFORMED:
				return __( 'malformed answer', 'ecster-order-management' );
			case ApiException::KIND_RATE_LIMITED:
				return __( 'HTTP 429 Too Many Requests', 'ecster-order-management' );
			case ApiException::KIND_HTTP:
				/* translators: %d: HTTP status */
				return sprintf( __( 'server error HTTP %d', 'ecster-order-management' ), $e->get_http_status() );
			default:
				return __( 'connection failed or dropped', 'ecster-order-management' );
		}
	}

	/**
	 * Minor units formatted in the order currency (wc_price when WooCommerce is loaded).
	 */
	public static function money( int $minor, string $currency ): string {
		$major = $minor / 100;
		if ( function_exists( 'wc_price' ) ) {
			return wp_strip_all_tags( html_entity_decode( (string) wc_price( $major, array( 'currency' => $currency ) ), ENT_QUOTES, 'UTF-8' ) );
		}
		return number_format( $major, 2, '.', '' ) . ' ' . $currency;
	}
}
