<?php
/**
 * The operation journal's table: created on activation and on the first request after an update.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Journal;

/**
 * One table of our own, `{prefix}ecster_om_journal`, keyed by WooCommerce order id. It does not
 * depend on how WooCommerce stores orders (HPOS tables or posts), so it is HPOS-safe by
 * construction, and writing to it never goes through an order object's save cycle: an intent is
 * durable the moment it is inserted, even inside WooCommerce's own `before save` hooks.
 */
final class Schema {

	/** Bumped whenever the table definition changes; dbDelta then upgrades it. */
	public const VERSION = '1';

	public const VERSION_OPTION = 'ecster_om_db_version';

	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'ecster_om_journal';
	}

	/**
	 * Creates or upgrades the table when the stored version differs. One autoloaded option read
	 * per request; the work happens once per version.
	 */
	public static function maybe_install(): void {
		if ( self::VERSION === get_option( self::VERSION_OPTION ) ) {
			return;
		}
		self::install();
	}

	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php'; // @phpstan-ignore requireOnce.fileNotFound (WordPress core, present at run time)
		$table   = self::table();
		$charset = $wpdb->get_charset_collate();
		// dbDelta's format: two spaces after PRIMARY KEY, one key per line.
		dbDelta(
			"CREATE TABLE {$table} (
id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
reference varchar(64) NOT NULL,
order_id bigint(20) unsigned NOT NULL,
ecster_order_id varchar(64) NOT NULL DEFAULT '',
operation varchar(20) NOT NULL,
state varchar(20) NOT NULL,
amount bigint(20) NOT NULL DEFAULT 0,
currency varchar(3) NOT NULL DEFAULT '',
refund_id bigint(20) unsigned NOT NULL DEFAULT 0,
trigger_source varchar(20) NOT NULL DEFAULT '',
user_id bigint(20) unsigned NOT NULL DEFAULT 0,
transaction_id varchar(64) NOT NULL DEFAULT '',
ecster_code varchar(20) NOT NULL DEFAULT '',
message text NULL,
data longtext NULL,
checks int(10) unsigned NOT NULL DEFAULT 0,
next_check_gmt datetime NULL DEFAULT NULL,
gave_up tinyint(1) NOT NULL DEFAULT 0,
created_gmt datetime NOT NULL,
updated_gmt datetime NOT NULL,
PRIMARY KEY  (id),
UNIQUE KEY reference (reference),
KEY order_state (order_id,state),
KEY state_check (state,next_check_gmt)
) {$charset};"
		);
		update_option( self::VERSION_OPTION, self::VERSION, true );
	}

	/**
	 * Removes the table (uninstall with WC_REMOVE_ALL_DATA only).
	 */
	public static function drop(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.SchemaChange, WordPress.DB.PreparedSQL.NotPrepared
		delete_option( self::VERSION_OPTION );
	}
}
