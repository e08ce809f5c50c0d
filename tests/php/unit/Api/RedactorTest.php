<?php
/**
 * Redactor: secrets and personal data never reach a log line or a message.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Api;

use EcsterOM\Api\Redactor;
use PHPUnit\Framework\TestCase;

final class RedactorTest extends TestCase {

	private const KEY = 'k3y/With+Special&Chars"x';

	public function test_the_api_key_is_masked_wherever_it_appears_in_text(): void {
		$redactor = new Redactor( array( self::KEY ) );
		$out      = $redactor->redact_string( 'header was ' . self::KEY . ' and again:' . self::KEY . '.' );
		$this->assertStringNotContainsString( self::KEY, $out );
		$this->assertSame( 'header was [redacted] and again:[redacted].', $out );
	}

	public function test_url_encoded_and_json_escaped_forms_of_the_key_are_masked_too(): void {
		$redactor = new Redactor( array( self::KEY ) );
		$encoded  = rawurlencode( self::KEY );
		$plus     = urlencode( self::KEY );
		$json     = substr( (string) json_encode( self::KEY ), 1, -1 );
		$out      = $redactor->redact_string( "a=$encoded b=$plus c=$json" );
		$this->assertStringNotContainsString( $encoded, $out );
		$this->assertStringNotContainsString( $plus, $out );
		$this->assertStringNotContainsString( $json, $out );
		$this->assertSame( 'a=[redacted] b=[redacted] c=[redacted]', $out );
	}

	public function test_the_key_inside_a_json_document_is_masked_and_the_document_stays_json(): void {
		$redactor = new Redactor( array( 'secret-key-123' ) );
		$out      = $redactor->redact_string( '{"message":"bad key secret-key-123","code":401}' );
		$this->assertSame( array( 'message' => 'bad key [redacted]', 'code' => 401 ), json_decode( $out, true ) );
	}

	public function test_the_x_api_key_header_is_masked_whatever_its_value_and_spelling(): void {
		$redactor = new Redactor();
		$out      = $redactor->redact_headers(
			array(
				'X-Api-Key'      => 'some-other-key',
				'x_api_key'      => 'third',
				'x-merchant-key' => 'merchant-1',
				'Accept'         => 'application/json',
			)
		);
		$this->assertSame( '[redacted]', $out['X-Api-Key'] );
		$this->assertSame( '[redacted]', $out['x_api_key'] );
		$this->assertSame( 'merchant-1', $out['x-merchant-key'] );
		$this->assertSame( 'application/json', $out['Accept'] );
	}

	public function test_the_consumer_of_an_ecster_order_is_removed_but_order_data_is_kept(): void {
		$order = array(
			'id'             => 'zburxHFw0xQmyOmVOrcq',
			'status'         => 'READY',
			'amount'         => 32900,
			'orderReference' => '10042',
			'consumer'       => array(
				'nationalId'  => 'SE480502-4876',
				'name'        => array( 'firstName' => 'Eva', 'lastName' => 'Svensson' ),
				'address'     => array( 'line1' => 'Storgatan 1', 'city' => 'Malmö', 'zip' => '29513' ),
				'contactInfo' => array( 'email' => 'eva@example.se', 'cellular' => array( 'number' => '0707333444' ) ),
			),
			'transactions'   => array(
				array( 'id' => 't1', 'type' => 'ORIGINAL', 'rows' => array( array( 'name' => 'Blue mug', 'unitAmount' => 15000 ) ) ),
			),
		);
		$out  = ( new Redactor() )->redact_array( $order );
		$flat = (string) json_encode( $out, JSON_UNESCAPED_UNICODE );
		$this->assertSame( '[redacted]', $out['consumer'] );
		foreach ( array( '480502', 'Eva', 'Svensson', 'Storgatan', '29513', 'eva@example.se', '0707333444' ) as $personal ) {
			$this->assertStringNotContainsString( $personal, $flat );
		}
		$this->assertSame( 'zburxHFw0xQmyOmVOrcq', $out['id'] );
		$this->assertSame( 32900, $out['amount'] );
		$this->assertSame( 'Blue mug', $out['transactions'][0]['rows'][0]['name'], 'A product name is not personal data.' );
	}

	public function test_stray_personal_fields_are_removed_at_any_depth(): void {
		$out = ( new Redactor() )->redact_array(
			array(
				'a' => array(
					'b' => array(
						'nationalId' => '19480502-4876',
						'email'      => 'x@y.se',
						'phone'      => array( 'number' => '040123456' ),
						'cellular'   => '0707',
						'first_name' => 'Eva',
						'LastName'   => 'S',
						'address'    => 'Storgatan 1',
						'keep'       => 'yes',
					),
				),
			)
		);
		$this->assertSame(
			array(
				'nationalId' => '[redacted]',
				'email'      => '[redacted]',
				'phone'      => '[redacted]',
				'cellular'   => '[redacted]',
				'first_name' => '[redacted]',
				'LastName'   => '[redacted]',
				'address'    => '[redacted]',
				'keep'       => 'yes',
			),
			$out['a']['b']
		);
	}

	public function test_emails_and_personal_identity_numbers_in_free_text_are_masked(): void {
		$out = ( new Redactor() )->redact_string( 'Customer eva.s+shop@example.co.uk with id SE480502-4876 or 19480502-4876 ordered 2 items on 2019-01-13.' );
		$this->assertSame( 'Customer [redacted] with id [redacted] or [redacted] ordered 2 items on 2019-01-13.', $out );
	}

	public function test_order_numbers_amounts_and_timestamps_are_not_mistaken_for_personal_data(): void {
		$text = 'Order 4800502487 amount 32900 at 2019-01-13T20:50:04+01:00 transaction n2XxuckFwp6qL8NQSGAU';
		$this->assertSame( $text, ( new Redactor() )->redact_string( $text ) );
	}

	public function test_very_short_secrets_are_ignored_so_the_log_stays_readable(): void {
		$redactor = new Redactor( array( 'ab', '', 'abc' ) );
		$this->assertSame( 'a cab abc', $redactor->redact_string( 'a cab abc' ) );
	}

	public function test_surrounding_spaces_around_a_stored_key_do_not_defeat_the_mask(): void {
		$redactor = new Redactor( array( '  spaced-key-1  ' ) );
		$this->assertSame( 'key=[redacted];', $redactor->redact_string( 'key=spaced-key-1;' ) );
	}

	public function test_exceptions_and_objects_are_redacted_as_text_and_arrays(): void {
		$redactor = new Redactor( array( 'secret-key-123' ) );
		$this->assertSame( 'RuntimeException: bad [redacted]', $redactor->redact( new \RuntimeException( 'bad secret-key-123' ) ) );
		$object        = new \stdClass();
		$object->email = 'a@b.se';
		$object->note  = 'secret-key-123';
		$this->assertSame( array( 'email' => '[redacted]', 'note' => '[redacted]' ), $redactor->redact( $object ) );
		$this->assertSame( 42, $redactor->redact( 42 ) );
	}
}
