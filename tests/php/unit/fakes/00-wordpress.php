<?php
/**
 * Minimal WordPress fakes for unit tests: options, hooks, i18n, errors, JSON.
 * State lives in $GLOBALS['ecster_om_fake'] and is reset by FakeState::reset().
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

// phpcs:disable

$GLOBALS['ecster_om_fake'] = array(
	'options'  => array(),
	'filters'  => array(),
	'actions'  => array(),
	'did'      => array(),
	'user_can' => array(),
	'logged_in'=> false,
);

if ( ! class_exists( 'WP_Error' ) ) {
	class WP_Error {
		/** @var array<string, array<int, string>> */
		public array $errors = array();
		/** @var array<string, mixed> */
		public array $error_data = array();
		public function __construct( string $code = '', string $message = '', $data = '' ) {
			if ( '' !== $code ) {
				$this->errors[ $code ][] = $message;
				if ( '' !== $data ) {
					$this->error_data[ $code ] = $data;
				}
			}
		}
		public function get_error_code() {
			$codes = array_keys( $this->errors );
			return $codes[0] ?? '';
		}
		public function get_error_message( $code = '' ) {
			$code = '' === $code ? $this->get_error_code() : $code;
			return $this->errors[ $code ][0] ?? '';
		}
		public function get_error_data( $code = '' ) {
			$code = '' === $code ? $this->get_error_code() : $code;
			return $this->error_data[ $code ] ?? null;
		}
		public function has_errors(): bool {
			return ! empty( $this->errors );
		}
		public function add( $code, $message, $data = '' ) {
			$this->errors[ $code ][] = $message;
			if ( '' !== $data ) {
				$this->error_data[ $code ] = $data;
			}
		}
	}
}

if ( ! function_exists( 'is_wp_error' ) ) {
	function is_wp_error( $thing ): bool {
		return $thing instanceof WP_Error;
	}
}
foreach ( array( '__', 'esc_html__', 'esc_attr__' ) as $fn ) {
	if ( ! function_exists( $fn ) ) {
		eval( "function $fn( \$text, \$domain = 'default' ) { return \$text; }" );
	}
}
foreach ( array( 'esc_html', 'esc_attr', 'esc_url', 'esc_url_raw', 'wp_kses_post', 'sanitize_text_field', 'wp_unslash' ) as $fn ) {
	if ( ! function_exists( $fn ) ) {
		eval( "function $fn( \$text ) { return is_string( \$text ) ? \$text : \$text; }" );
	}
}
if ( ! function_exists( '_n' ) ) {
	function _n( $single, $plural, $number, $domain = 'default' ) {
		return 1 === (int) $number ? $single : $plural;
	}
}
if ( ! function_exists( '_x' ) ) {
	function _x( $text, $context, $domain = 'default' ) {
		return $text;
	}
}
if ( ! function_exists( 'get_option' ) ) {
	function get_option( $name, $default = false ) {
		return array_key_exists( $name, $GLOBALS['ecster_om_fake']['options'] ) ? $GLOBALS['ecster_om_fake']['options'][ $name ] : $default;
	}
}
if ( ! function_exists( 'update_option' ) ) {
	function update_option( $name, $value, $autoload = null ): bool {
		$GLOBALS['ecster_om_fake']['options'][ $name ] = $value;
		return true;
	}
}
if ( ! function_exists( 'add_option' ) ) {
	function add_option( $name, $value = '', $deprecated = '', $autoload = 'yes' ): bool {
		if ( array_key_exists( $name, $GLOBALS['ecster_om_fake']['options'] ) ) {
			return false;
		}
		$GLOBALS['ecster_om_fake']['options'][ $name ] = $value;
		return true;
	}
}
if ( ! function_exists( 'delete_option' ) ) {
	function delete_option( $name ): bool {
		unset( $GLOBALS['ecster_om_fake']['options'][ $name ] );
		return true;
	}
}
if ( ! function_exists( 'add_filter' ) ) {
	function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
		$GLOBALS['ecster_om_fake']['filters'][ $hook ][ $priority ][] = array( $callback, $accepted_args );
		return true;
	}
}
if ( ! function_exists( 'add_action' ) ) {
	function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
		return add_filter( $hook, $callback, $priority, $accepted_args );
	}
}
if ( ! function_exists( 'has_filter' ) ) {
	function has_filter( $hook, $callback = false ) {
		if ( empty( $GLOBALS['ecster_om_fake']['filters'][ $hook ] ) ) {
			return false;
		}
		if ( false === $callback ) {
			return true;
		}
		foreach ( $GLOBALS['ecster_om_fake']['filters'][ $hook ] as $priority => $callbacks ) {
			foreach ( $callbacks as $cb ) {
				if ( $cb[0] === $callback ) {
					return $priority;
				}
			}
		}
		return false;
	}
}
if ( ! function_exists( 'has_action' ) ) {
	function has_action( $hook, $callback = false ) {
		return has_filter( $hook, $callback );
	}
}
if ( ! function_exists( 'apply_filters' ) ) {
	function apply_filters( $hook, $value, ...$args ) {
		$all = $GLOBALS['ecster_om_fake']['filters'][ $hook ] ?? array();
		ksort( $all );
		foreach ( $all as $callbacks ) {
			foreach ( $callbacks as $cb ) {
				$value = call_user_func_array( $cb[0], array_slice( array_merge( array( $value ), $args ), 0, max( 1, (int) $cb[1] ) ) );
			}
		}
		return $value;
	}
}
if ( ! function_exists( 'do_action' ) ) {
	function do_action( $hook, ...$args ) {
		$GLOBALS['ecster_om_fake']['did'][ $hook ] = ( $GLOBALS['ecster_om_fake']['did'][ $hook ] ?? 0 ) + 1;
		$all = $GLOBALS['ecster_om_fake']['filters'][ $hook ] ?? array();
		ksort( $all );
		foreach ( $all as $callbacks ) {
			foreach ( $callbacks as $cb ) {
				call_user_func_array( $cb[0], array_slice( $args, 0, (int) $cb[1] ) );
			}
		}
	}
}
if ( ! function_exists( 'did_action' ) ) {
	function did_action( $hook ): int {
		return $GLOBALS['ecster_om_fake']['did'][ $hook ] ?? 0;
	}
}
if ( ! function_exists( 'current_user_can' ) ) {
	function current_user_can( $capability, ...$args ): bool {
		return ! empty( $GLOBALS['ecster_om_fake']['user_can'][ $capability ] );
	}
}
if ( ! function_exists( 'is_user_logged_in' ) ) {
	function is_user_logged_in(): bool {
		return (bool) $GLOBALS['ecster_om_fake']['logged_in'];
	}
}
if ( ! function_exists( 'wp_json_encode' ) ) {
	function wp_json_encode( $data, $options = 0, $depth = 512 ) {
		return json_encode( $data, $options, $depth );
	}
}
if ( ! function_exists( 'absint' ) ) {
	function absint( $maybeint ): int {
		return abs( (int) $maybeint );
	}
}
if ( ! function_exists( 'wp_parse_args' ) ) {
	function wp_parse_args( $args, $defaults = array() ) {
		return array_merge( (array) $defaults, (array) $args );
	}
}
if ( ! function_exists( 'wp_generate_uuid4' ) ) {
	function wp_generate_uuid4(): string {
		return sprintf( '%04x%04x-%04x-4%03x-a%03x-%04x%04x%04x', random_int( 0, 0xffff ), random_int( 0, 0xffff ), random_int( 0, 0xffff ), random_int( 0, 0xfff ), random_int( 0, 0xfff ), random_int( 0, 0xffff ), random_int( 0, 0xffff ), random_int( 0, 0xffff ) );
	}
}
if ( ! function_exists( 'admin_url' ) ) {
	function admin_url( $path = '' ): string {
		return 'http://example.test/wp-admin/' . ltrim( (string) $path, '/' );
	}
}
