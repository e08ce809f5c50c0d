<?php
/**
 * Ecster answered, and the answer is no.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

/**
 * Thrown by Operation::send() when Ecster's valid answer says the operation was not carried out
 * (for example a Swish refund answered with a failed status). Money did not move.
 */
final class Refusal extends \RuntimeException {

	public function __construct( public readonly string $ecster_code, string $message ) {
		parent::__construct( $message );
	}
}
