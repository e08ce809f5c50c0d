<?php
/**
 * Fakes for the settings area's unit tests: the bits of WooCommerce's gateway base classes and
 * orders the gateway uses, and a few WordPress helpers. Every fake is guarded, so a fuller fake
 * of another area (or the real thing) wins.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

// phpcs:disable

if ( ! class_exists( 'WC_Settings_API' ) ) {
	abstract class WC_Settings_API {
		public $plugin_id = 'woocommerce_';
		public $id = '';
		public $errors = array();
		public $settings = array();
		public $form_fields = array();
		public $enabled = 'yes';
		public function get_option_key() {
			return $this->plugin_id . $this->id . '_settings';
		}
		public function get_form_fields() {
			return $this->form_fields;
		}
		public function init_settings() {
			$this->settings = get_option( $this->get_option_key(), null );
			if ( ! is_array( $this->settings ) ) {
				$this->settings = array();
			}
		}
		public function get_option( $key, $empty_value = null ) {
			if ( empty( $this->settings ) ) {
				$this->init_settings();
			}
			return $this->settings[ $key ] ?? $empty_value;
		}
		public function update_option( $key, $value = '' ) {
			if ( empty( $this->settings ) ) {
				$this->init_settings();
			}
			$this->settings[ $key ] = $value;
			return update_option( $this->get_option_key(), $this->settings );
		}
		public function process_admin_options() {
			return true;
		}
		public function admin_options() {
		}
	}
}

if ( ! class_exists( 'WC_Payment_Gateway' ) ) {
	abstract class WC_Payment_Gateway extends WC_Settings_API {
		public $title = '';
		public $description = '';
		public $method_title = '';
		public $method_description = '';
		public $has_fields = false;
		public $supports = array( 'products' );
		public function init_settings() {
			parent::init_settings();
			$this->enabled = ! empty( $this->settings['enabled'] ) && 'yes' === $this->settings['enabled'] ? 'yes' : 'no';
		}
		public function get_method_title() {
			return $this->method_title;
		}
		public function get_method_description() {
			return $this->method_description;
		}
		public function get_title() {
			return $this->title;
		}
		public function is_available() {
			return 'yes' === $this->enabled;
		}
		public function needs_setup() {
			return false;
		}
		public function supports( $feature ) {
			return in_array( $feature, $this->supports, true );
		}
		public function can_refund_order( $order ) {
			return $order && $this->supports( 'refunds' );
		}
		public function process_refund( $order_id, $amount = null, $reason = '' ) {
			return false;
		}
	}
}

if ( ! class_exists( 'WC_Order' ) ) {
	class WC_Order {
		private int $id = 0;
		public function __construct( $id = 0 ) {
			$this->id = (int) $id;
		}
		public function get_id() {
			return $this->id;
		}
	}
}

if ( ! class_exists( 'WC_Order_Refund' ) ) {
	class WC_Order_Refund {
		private int $id = 0;
		public function __construct( $id = 0 ) {
			$this->id = (int) $id;
		}
		public function get_id() {
			return $this->id;
		}
		public function get_amount() {
			return '0';
		}
		public function get_refunded_payment() {
			return false;
		}
	}
}

if ( ! function_exists( 'get_file_data' ) ) {
	function get_file_data( $file, $default_headers, $context = '' ) {
		$data = (string) file_get_contents( $file, false, null, 0, 8 * 1024 );
		$out  = array();
		foreach ( $default_headers as $field => $regex ) {
			$out[ $field ] = preg_match( '/^(?:[ \t]*<\?php)?[ \t\/*#@]*' . preg_quote( $regex, '/' ) . ':(.*)$/mi', $data, $m ) ? trim( $m[1] ) : '';
		}
		return $out;
	}
}
if ( ! function_exists( 'wp_strip_all_tags' ) ) {
	function wp_strip_all_tags( $text, $remove_breaks = false ) {
		return trim( strip_tags( (string) $text ) );
	}
}
if ( ! function_exists( 'plugin_basename' ) ) {
	function plugin_basename( $file ) {
		return basename( dirname( (string) $file ) ) . '/' . basename( (string) $file );
	}
}
if ( ! function_exists( 'sanitize_key' ) ) {
	function sanitize_key( $key ) {
		return preg_replace( '/[^a-z0-9_\-]/', '', strtolower( (string) $key ) );
	}
}
if ( ! function_exists( 'sanitize_title' ) ) {
	function sanitize_title( $title ) {
		return trim( (string) preg_replace( '/[^a-z0-9_\-]+/', '', strtolower( (string) $title ) ), '-' );
	}
}
