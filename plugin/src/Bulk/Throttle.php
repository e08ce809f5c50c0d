<?php
/**
 * How many Ecster requests a bulk action sends at once, and how 429 answers lower it.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

use EcsterOM\Settings;

/**
 * The level is the setting "Ecster requests at once" (Settings::bulk_concurrency(), default 10),
 * per queue runner. When Ecster answers 429 Too Many Requests the level is halved (at least 1) and
 * the lowered level is remembered for MEMORY seconds in a transient, for every runner; each new
 * 429 halves it again. After that time the setting applies again.
 */
class Throttle {

	public const TRANSIENT = 'ecster_om_bulk_rate_limited';

	/** Seconds a lowered level is remembered. */
	public const MEMORY = 600;

	public function __construct( private Settings $settings ) {}

	/**
	 * The level in force: the setting (or a one-off level, e.g. WP-CLI's --concurrency), never
	 * above a level lowered by a recent 429.
	 */
	public function level( ?int $requested = null ): int {
		$level   = $requested ?? $this->settings->bulk_concurrency();
		$level   = max( Settings::BULK_CONCURRENCY_MIN, min( Settings::BULK_CONCURRENCY_MAX, $level ) );
		$lowered = $this->lowered();
		return null === $lowered ? $level : min( $level, $lowered );
	}

	/**
	 * The level a recent 429 lowered it to, or null.
	 */
	public function lowered(): ?int {
		$value = get_transient( self::TRANSIENT );
		return is_numeric( $value ) && (int) $value >= 1 ? (int) $value : null;
	}

	/**
	 * Ecster answered 429 while `$in_use` requests were sent at once: halves the level, remembered
	 * for a while. Returns the new level.
	 */
	public function rate_limited( int $in_use ): int {
		$level = max( 1, intdiv( max( 1, min( $in_use, $this->level() ) ), 2 ) );
		/**
		 * Seconds a bulk concurrency level lowered by a 429 answer is remembered.
		 *
		 * @param int $seconds Default 600.
		 */
		$memory = max( 1, (int) apply_filters( 'ecster_om_bulk_rate_limit_memory', self::MEMORY ) );
		set_transient( self::TRANSIENT, $level, $memory );
		return $level;
	}
}
