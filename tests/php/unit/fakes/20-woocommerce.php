<?php
/**
 * Small WooCommerce fakes for the order-management unit tests: orders, refunds, items,
 * products, the order registry, wc_create_refund, wc_price, Action Scheduler, transients, the
 * logger and a $wpdb that understands the four queries of OrderLock. State lives in
 * $GLOBALS['ecster_om_wc_fake'] and is reset by EcsterOM\Tests\Unit\Orders\WooFakes::reset().
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

// phpcs:disable

$GLOBALS['ecster_om_wc_fake'] = array(
	'orders'     => array(),
	// Action Scheduler: every action ever scheduled (status pending, complete or canceled) and
	// every call of the as_* functions.
	'scheduled'  => array(),
	'as_calls'   => array(),
	'transients' => array(),
	'next_id'    => 100,
);

if ( ! defined( 'HOUR_IN_SECONDS' ) ) {
	define( 'HOUR_IN_SECONDS', 3600 );
}

if ( ! class_exists( 'WC_Meta_Data' ) ) {
	class WC_Meta_Data {
		public function __construct( private array $data ) {}
		public function get_data() {
			return $this->data;
		}
		public function __get( $name ) {
			return $this->data[ $name ] ?? null;
		}
	}
}

if ( ! class_exists( 'WC_Product' ) ) {
	class WC_Product {
		public function __construct( private string $sku = '' ) {}
		public function get_sku() {
			return $this->sku;
		}
	}
}

if ( ! class_exists( 'WC_Order_Item' ) ) {
	class WC_Order_Item {
		protected string $type = 'line_item';
		protected int $id = 0;
		/** @var array<string, mixed> */
		protected array $meta = array();
		public function __construct(
			protected string $name = '',
			protected float $total = 0.0,
			protected float $tax = 0.0,
			protected float $quantity = 1,
			protected string $sku = '',
			protected int $product_id = 0,
			protected string $method_id = '',
			protected int $order_id = 0
		) {}
		public function get_id() {
			return $this->id;
		}
		public function set_id( int $id ) {
			$this->id = $id;
		}
		public function get_type() {
			return $this->type;
		}
		public function get_meta( $key = '', $single = true ) {
			return $this->meta[ $key ] ?? '';
		}
		public function update_meta_data( $key, $value ) {
			$this->meta[ $key ] = $value;
		}
		/**
		 * One tax rate (id 1) carrying the whole tax, as WooCommerce stores a single-rate line.
		 */
		public function get_taxes() {
			$tax = 0.0 !== $this->tax ? array( 1 => (string) $this->tax ) : array();
			return array(
				'total'    => $tax,
				'subtotal' => $tax,
			);
		}
		public function get_name() {
			return $this->name;
		}
		public function get_total() {
			return (string) $this->total;
		}
		public function get_total_tax() {
			return (string) $this->tax;
		}
		public function get_quantity() {
			return $this->quantity;
		}
		public function get_product() {
			return '' !== $this->sku ? new WC_Product( $this->sku ) : false;
		}
		public function get_product_id() {
			return $this->product_id;
		}
		public function get_variation_id() {
			return 0;
		}
		public function get_method_id() {
			return $this->method_id;
		}
		public function get_order_id() {
			return $this->order_id;
		}
		public function set_order_id( int $id ) {
			$this->order_id = $id;
		}
	}
}
if ( ! class_exists( 'WC_Order_Item_Product' ) ) {
	class WC_Order_Item_Product extends WC_Order_Item {
		protected string $type = 'line_item';
	}
}
if ( ! class_exists( 'WC_Order_Item_Shipping' ) ) {
	class WC_Order_Item_Shipping extends WC_Order_Item {
		protected string $type = 'shipping';
	}
}
if ( ! class_exists( 'WC_Order_Item_Fee' ) ) {
	class WC_Order_Item_Fee extends WC_Order_Item {
		protected string $type = 'fee';
	}
}

if ( ! class_exists( 'WC_Abstract_Order' ) ) {
	abstract class WC_Abstract_Order {
		public int $id;
		public string $status = 'processing';
		public string $currency = 'SEK';
		public string $total = '0';
		public string $payment_method = 'ecster';
		/** @var array<string, mixed> */
		public array $meta = array();
		/** @var array<string, mixed> Meta as last saved. */
		public array $saved_meta = array();
		/** @var WC_Order_Item[] */
		public array $items = array();
		public int $saves = 0;
		public int $meta_reads = 0;

		public function __construct( int $id = 0 ) {
			$this->id = $id > 0 ? $id : $GLOBALS['ecster_om_wc_fake']['next_id']++;
			$GLOBALS['ecster_om_wc_fake']['orders'][ $this->id ] = $this;
		}
		public function get_id() {
			return $this->id;
		}
		public function get_currency() {
			return $this->currency;
		}
		public function get_total() {
			return $this->total;
		}
		public function get_meta( $key, $single = true ) {
			++$this->meta_reads;
			return $this->meta[ $key ] ?? '';
		}
		public function update_meta_data( $key, $value ) {
			$this->meta[ $key ] = $value;
		}
		public function delete_meta_data( $key ) {
			unset( $this->meta[ $key ] );
		}
		public function get_meta_data() {
			$out = array();
			foreach ( $this->meta as $key => $value ) {
				$out[] = new WC_Meta_Data( array( 'key' => $key, 'value' => $value ) );
			}
			return $out;
		}
		public function read_meta_data( $force = false ) {
			$this->meta = $this->saved_meta;
		}
		public function save() {
			$this->saved_meta = $this->meta;
			++$this->saves;
			return $this->id;
		}
		public function add_item( WC_Order_Item $item ) {
			$item->set_order_id( $this->id );
			if ( 0 === $item->get_id() ) {
				$item->set_id( $GLOBALS['ecster_om_wc_fake']['next_id']++ );
			}
			$this->items[ $item->get_id() ] = $item;
		}
		/**
		 * Items of the types, keyed by item id (as WooCommerce returns them).
		 *
		 * @param string|string[] $types Types.
		 */
		public function get_items( $types = 'line_item' ) {
			$types = (array) $types;
			return array_filter( $this->items, static fn( $i ) => in_array( $i->get_type(), $types, true ) );
		}
		/**
		 * Removes the order from the registry (and a refund from its order), like WooCommerce's
		 * delete( true ).
		 */
		public function delete( $force_delete = false ) {
			unset( $GLOBALS['ecster_om_wc_fake']['orders'][ $this->id ] );
			return true;
		}
	}
}

if ( ! class_exists( 'WC_Order' ) ) {
	class WC_Order extends WC_Abstract_Order {
		/** @var string[] */
		public array $notes = array();
		/** @var array<int, array{from: string, to: string, note: string}> */
		public array $status_changes = array();
		/** @var WC_Order_Refund[] */
		public array $refunds = array();

		public function get_type() {
			return 'shop_order';
		}
		public function get_order_number() {
			return (string) $this->id;
		}
		public function get_payment_method() {
			return $this->payment_method;
		}
		public function set_payment_method( string $method ) {
			$this->payment_method = $method;
		}
		public function get_status() {
			return $this->status;
		}
		public function has_status( $status ) {
			return in_array( $this->status, (array) $status, true );
		}
		public function add_order_note( $note, $is_customer_note = 0, $added_by_user = false ) {
			$this->notes[] = (string) $note;
			return count( $this->notes );
		}
		public function update_status( $new_status, $note = '', $manual = false ) {
			$from                   = $this->status;
			$this->status           = $new_status;
			$this->status_changes[] = array( 'from' => $from, 'to' => $new_status, 'note' => (string) $note );
			if ( '' !== $note ) {
				$this->notes[] = (string) $note;
			}
			$this->save();
			do_action( 'woocommerce_order_status_' . $new_status, $this->id, $this );
			return true;
		}
		public function get_refunds() {
			return $this->refunds;
		}
		public function get_total_refunded() {
			return array_sum( array_map( static fn( $r ) => (float) $r->get_amount(), $this->refunds ) );
		}
		public function get_remaining_refund_amount() {
			return (string) ( (float) $this->total - $this->get_total_refunded() );
		}
		public function get_date_paid() {
			return $this->meta['__date_paid'] ?? null;
		}
		/**
		 * Refunded items (lines of refunds whose `_refunded_item_id` is the item), as WooCommerce
		 * sums them: quantities negative, totals and taxes positive.
		 *
		 * @return WC_Order_Item[]
		 */
		private function refunded_lines( int $item_id, string $type ): array {
			$lines = array();
			foreach ( $this->refunds as $refund ) {
				foreach ( $refund->get_items( $type ) as $line ) {
					if ( (int) $line->get_meta( '_refunded_item_id' ) === $item_id ) {
						$lines[] = $line;
					}
				}
			}
			return $lines;
		}
		public function get_qty_refunded_for_item( $item_id, $item_type = 'line_item' ) {
			return array_sum( array_map( static fn( $l ) => (float) $l->get_quantity(), $this->refunded_lines( (int) $item_id, $item_type ) ) );
		}
		public function get_total_refunded_for_item( $item_id, $item_type = 'line_item' ) {
			return abs( array_sum( array_map( static fn( $l ) => (float) $l->get_total(), $this->refunded_lines( (int) $item_id, $item_type ) ) ) );
		}
		public function get_tax_refunded_for_item( $item_id, $tax_id, $item_type = 'line_item' ) {
			$sum = 0.0;
			foreach ( $this->refunded_lines( (int) $item_id, $item_type ) as $line ) {
				$sum += (float) ( $line->get_taxes()['total'][ $tax_id ] ?? 0 );
			}
			return abs( $sum );
		}
	}
}

if ( ! class_exists( 'WC_Order_Refund' ) ) {
	class WC_Order_Refund extends WC_Abstract_Order {
		public string $amount = '0';
		public string $reason = '';
		public int $parent_id = 0;
		/** @var array<int, array<string, mixed>> line_items given to wc_create_refund(). */
		public array $line_items = array();
		public function get_type() {
			return 'shop_order_refund';
		}
		public function get_amount( $context = 'view' ) {
			return $this->amount;
		}
		public function get_reason() {
			return $this->reason;
		}
		public function get_parent_id() {
			return $this->parent_id;
		}
		public function delete( $force_delete = false ) {
			$order = $GLOBALS['ecster_om_wc_fake']['orders'][ $this->parent_id ] ?? null;
			if ( $order instanceof WC_Order ) {
				$order->refunds = array_values( array_filter( $order->refunds, fn( $r ) => $r !== $this ) );
			}
			return parent::delete( $force_delete );
		}
	}
}

if ( ! function_exists( 'wc_create_refund' ) ) {
	/**
	 * Records a refund like wc_create_refund() without a payment (announcing it with the same
	 * actions). Refunds with refund_payment are made by the tests themselves (they call the
	 * service the way the gateway does), so asking the fake for one is a mistake in the test.
	 *
	 * @param array<string, mixed> $args Arguments.
	 * @return WC_Order_Refund|WP_Error
	 */
	function wc_create_refund( $args = array() ) {
		if ( ! empty( $args['refund_payment'] ) ) {
			throw new LogicException( 'The wc_create_refund() fake does not call payment gateways.' );
		}
		$order = wc_get_order( $args['order_id'] ?? 0 );
		if ( ! $order instanceof WC_Order ) {
			return new WP_Error( 'woocommerce_invalid_order', 'Invalid order ID.' );
		}
		// A test makes WooCommerce refuse the refund by setting $GLOBALS['ecster_om_wc_fake']['refund_error'].
		if ( ! empty( $GLOBALS['ecster_om_wc_fake']['refund_error'] ) ) {
			return new WP_Error( 'fake_refund_error', (string) $GLOBALS['ecster_om_wc_fake']['refund_error'] );
		}
		$refund             = new WC_Order_Refund();
		$refund->amount     = (string) ( $args['amount'] ?? '0' );
		$refund->reason     = (string) ( $args['reason'] ?? '' );
		$refund->parent_id  = $order->get_id();
		$refund->line_items = (array) ( $args['line_items'] ?? array() );
		do_action( 'woocommerce_create_refund', $refund, $args );
		$refund->save();
		$order->refunds[] = $refund;
		do_action( 'woocommerce_refund_created', $refund->get_id(), $args );
		return $refund;
	}
}
if ( ! function_exists( 'wc_get_price_decimals' ) ) {
	function wc_get_price_decimals() {
		return (int) ( $GLOBALS['ecster_om_wc_fake']['price_decimals'] ?? 2 );
	}
}
if ( ! function_exists( 'wc_format_decimal' ) ) {
	function wc_format_decimal( $number, $dp = false, $trim_zeros = false ) {
		return false === $dp ? (string) $number : number_format( (float) $number, (int) $dp, '.', '' );
	}
}

if ( ! function_exists( 'wc_get_order' ) ) {
	function wc_get_order( $id = false ) {
		return $GLOBALS['ecster_om_wc_fake']['orders'][ (int) $id ] ?? false;
	}
}
if ( ! function_exists( 'wc_get_orders' ) ) {
	function wc_get_orders( $args ) {
		$out = array();
		foreach ( $GLOBALS['ecster_om_wc_fake']['orders'] as $order ) {
			if ( isset( $args['type'] ) && $order->get_type() !== $args['type'] ) {
				continue;
			}
			if ( isset( $args['parent'] ) && ( ! $order instanceof WC_Order_Refund || $order->get_parent_id() !== (int) $args['parent'] ) ) {
				continue;
			}
			$out[] = $order;
		}
		usort( $out, static fn( $a, $b ) => $b->get_id() <=> $a->get_id() );
		return $out;
	}
}
if ( ! function_exists( 'wc_price' ) ) {
	function wc_price( $price, $args = array() ) {
		$currency = $args['currency'] ?? 'SEK';
		return '<span class="woocommerce-Price-amount amount"><bdi>' . number_format( (float) $price, 2, ',', '' ) . '&nbsp;<span class="woocommerce-Price-currencySymbol">' . $currency . '</span></bdi></span>';
	}
}
if ( ! function_exists( 'wp_strip_all_tags' ) ) {
	function wp_strip_all_tags( $text ) {
		return trim( strip_tags( (string) $text ) );
	}
}
if ( ! function_exists( 'wc_get_order_status_name' ) ) {
	function wc_get_order_status_name( $status ) {
		$names = array( 'on-hold' => 'On hold', 'processing' => 'Processing', 'completed' => 'Completed', 'cancelled' => 'Cancelled' );
		return $names[ $status ] ?? $status;
	}
}
if ( ! function_exists( 'ecster_om_fake_as_matches' ) ) {
	/**
	 * A pending action of the hook (and args and group, when given), as Action Scheduler matches them.
	 *
	 * @param array<string, mixed> $action Scheduled action.
	 */
	function ecster_om_fake_as_matches( array $action, $hook, $args, $group ): bool {
		return 'pending' === $action['status'] && $hook === $action['hook']
			&& ( null === $args || $args === $action['args'] )
			&& ( '' === (string) $group || $group === $action['group'] );
	}
}
if ( ! function_exists( 'as_schedule_single_action' ) ) {
	function as_schedule_single_action( $timestamp, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
		$GLOBALS['ecster_om_wc_fake']['as_calls'][]  = array( 'as_schedule_single_action', $hook, $args, $group, $timestamp );
		$GLOBALS['ecster_om_wc_fake']['scheduled'][] = array( 'time' => $timestamp, 'hook' => $hook, 'args' => $args, 'group' => $group, 'status' => 'pending', 'interval' => null );
		return count( $GLOBALS['ecster_om_wc_fake']['scheduled'] );
	}
}
if ( ! function_exists( 'as_schedule_recurring_action' ) ) {
	function as_schedule_recurring_action( $timestamp, $interval_in_seconds, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
		$GLOBALS['ecster_om_wc_fake']['as_calls'][]  = array( 'as_schedule_recurring_action', $hook, $args, $group, $timestamp );
		$GLOBALS['ecster_om_wc_fake']['scheduled'][] = array( 'time' => $timestamp, 'hook' => $hook, 'args' => $args, 'group' => $group, 'status' => 'pending', 'interval' => $interval_in_seconds );
		return count( $GLOBALS['ecster_om_wc_fake']['scheduled'] );
	}
}
if ( ! function_exists( 'as_next_scheduled_action' ) ) {
	/**
	 * Time of the next pending action, false when there is none.
	 */
	function as_next_scheduled_action( $hook, $args = null, $group = '' ) {
		$GLOBALS['ecster_om_wc_fake']['as_calls'][] = array( 'as_next_scheduled_action', $hook, $args, $group, null );
		$times = array();
		foreach ( $GLOBALS['ecster_om_wc_fake']['scheduled'] as $action ) {
			if ( ecster_om_fake_as_matches( $action, $hook, $args, $group ) ) {
				$times[] = (int) $action['time'];
			}
		}
		return array() === $times ? false : min( $times );
	}
}
if ( ! function_exists( 'as_has_scheduled_action' ) ) {
	function as_has_scheduled_action( $hook, $args = null, $group = '' ) {
		$GLOBALS['ecster_om_wc_fake']['as_calls'][] = array( 'as_has_scheduled_action', $hook, $args, $group, null );
		foreach ( $GLOBALS['ecster_om_wc_fake']['scheduled'] as $action ) {
			if ( ecster_om_fake_as_matches( $action, $hook, $args, $group ) ) {
				return true;
			}
		}
		return false;
	}
}
if ( ! function_exists( 'as_unschedule_action' ) ) {
	/**
	 * Cancels the next pending action that matches (Action Scheduler cancels one).
	 */
	function as_unschedule_action( $hook, $args = array(), $group = '' ) {
		$GLOBALS['ecster_om_wc_fake']['as_calls'][] = array( 'as_unschedule_action', $hook, $args, $group, null );
		$next = null;
		foreach ( $GLOBALS['ecster_om_wc_fake']['scheduled'] as $i => $action ) {
			if ( ecster_om_fake_as_matches( $action, $hook, $args, $group ) && ( null === $next || $action['time'] < $GLOBALS['ecster_om_wc_fake']['scheduled'][ $next ]['time'] ) ) {
				$next = $i;
			}
		}
		if ( null === $next ) {
			return null;
		}
		$GLOBALS['ecster_om_wc_fake']['scheduled'][ $next ]['status'] = 'canceled';
		return $next + 1;
	}
}
if ( ! function_exists( 'get_transient' ) ) {
	function get_transient( $transient ) {
		$stored = $GLOBALS['ecster_om_wc_fake']['transients'][ $transient ] ?? null;
		return null === $stored || ( $stored['expires'] > 0 && $stored['expires'] < time() ) ? false : $stored['value'];
	}
}
if ( ! function_exists( 'delete_transient' ) ) {
	function delete_transient( $transient ) {
		unset( $GLOBALS['ecster_om_wc_fake']['transients'][ $transient ] );
		return true;
	}
}
if ( ! function_exists( 'set_transient' ) ) {
	function set_transient( $transient, $value, $expiration = 0 ) {
		$GLOBALS['ecster_om_wc_fake']['transients'][ $transient ] = array(
			'value'   => $value,
			'expires' => $expiration > 0 ? time() + (int) $expiration : 0,
		);
		return true;
	}
}
if ( ! class_exists( 'Ecster_OM_Fake_Wpdb' ) ) {
	/**
	 * Understands the INSERT IGNORE / SELECT / UPDATE / DELETE on wp_options that OrderLock sends.
	 */
	class Ecster_OM_Fake_Wpdb {
		public string $options = 'wp_options';
		/** @var array<string, string> */
		public array $rows = array();
		/** @var string[] */
		public array $queries = array();
		public function prepare( $query, ...$args ) {
			$args = isset( $args[0] ) && is_array( $args[0] ) ? $args[0] : $args;
			$i    = 0;
			return preg_replace_callback(
				'/%[sd]/',
				static function ( $m ) use ( $args, &$i ) {
					$v = $args[ $i++ ] ?? '';
					return '%d' === $m[0] ? (string) (int) $v : "'" . addslashes( (string) $v ) . "'";
				},
				$query
			);
		}
		public function suppress_errors( $suppress = true ) {
			return false;
		}
		public function query( $sql ) {
			$this->queries[] = $sql;
			if ( preg_match( "/^INSERT IGNORE INTO \S+ \(option_name, option_value, autoload\) VALUES \('([^']*)', '([^']*)', 'off'\)$/", $sql, $m ) ) {
				if ( isset( $this->rows[ $m[1] ] ) ) {
					return 0;
				}
				$this->rows[ $m[1] ] = $m[2];
				return 1;
			}
			if ( preg_match( "/^UPDATE \S+ SET option_value = '([^']*)' WHERE option_name = '([^']*)' AND option_value = '([^']*)'$/", $sql, $m ) ) {
				if ( isset( $this->rows[ $m[2] ] ) && $this->rows[ $m[2] ] === $m[3] ) {
					$changed             = $m[1] !== $this->rows[ $m[2] ];
					$this->rows[ $m[2] ] = $m[1];
					return $changed ? 1 : 0; // MySQL counts changed rows.
				}
				return 0;
			}
			if ( preg_match( "/^DELETE FROM \S+ WHERE option_name = '([^']*)' AND option_value = '([^']*)'$/", $sql, $m ) ) {
				if ( isset( $this->rows[ $m[1] ] ) && $this->rows[ $m[1] ] === $m[2] ) {
					unset( $this->rows[ $m[1] ] );
					return 1;
				}
				return 0;
			}
			throw new RuntimeException( 'Fake wpdb does not understand: ' . $sql );
		}
		public function get_var( $sql ) {
			$this->queries[] = $sql;
			if ( preg_match( "/^SELECT option_value FROM \S+ WHERE option_name = '([^']*)'$/", $sql, $m ) ) {
				return $this->rows[ $m[1] ] ?? null;
			}
			throw new RuntimeException( 'Fake wpdb does not understand: ' . $sql );
		}
	}
}
if ( ! isset( $GLOBALS['wpdb'] ) ) {
	$GLOBALS['wpdb'] = new Ecster_OM_Fake_Wpdb();
}
