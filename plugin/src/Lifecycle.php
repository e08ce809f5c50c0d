<?php
/**
 * Deactivation and uninstall: what the plugin leaves behind, and what it takes away.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM;

/**
 * Deactivation (register_deactivation_hook in the main file) cancels this plugin's pending Action
 * Scheduler jobs: nothing of ours runs while the plugin is off.
 *
 * Uninstall (uninstall.php, when the merchant deletes the plugin) removes:
 * - always: the plugin's own options, i.e. every option whose name starts with `ecster_om_`
 *   (per-order lock rows `ecster_om_lock_<id>`, the journal's schema version, transients
 *   `_transient_ecster_om_*`), on every site of a network, and any pending jobs;
 * - only with WooCommerce's `WC_REMOVE_ALL_DATA` set to true in wp-config.php: the plugin's own
 *   table `{prefix}ecster_om_journal`, and our own keys `failed_debit_status` and `bulk_concurrency` inside the shared
 *   option `woocommerce_ecster_settings`.
 *
 * It never removes the other keys of `woocommerce_ecster_settings` (`manage_ecster_orders`,
 * `api_key`, `merchant_key`, `testmode`, `logging`, `enabled`, `title`, …): the Ecster Pay checkout
 * plugin wrote and reads them, so they are the merchant's Ecster configuration, not ours, even
 * under WC_REMOVE_ALL_DATA. It never touches order meta (`_wc_ecster_*`, `_ecster_*`): that is the
 * merchant's record of what happened to each payment.
 */
final class Lifecycle {

	public const OPTION_PREFIX   = 'ecster_om_';
	public const HOOK_PREFIX     = 'ecster_om_';
	public const JOB_GROUP       = 'ecster-order-management';
	public const JOURNAL_TABLE   = 'ecster_om_journal';
	public const SETTINGS_OPTION = 'woocommerce_ecster_settings';
	/** Keys inside SETTINGS_OPTION that only this plugin writes. */
	public const OWN_SETTING_KEYS = array( 'failed_debit_status', 'bulk_concurrency' );

	/**
	 * register_deactivation_hook callback: cancels our pending jobs.
	 */
	public static function deactivate(): void {
		self::cancel_jobs();
	}

	/**
	 * Called by uninstall.php.
	 *
	 * @param bool|null $remove_all_data Whether to remove everything (default: WooCommerce's
	 *                                   WC_REMOVE_ALL_DATA constant is true).
	 * @return array{sites: int, options: int, jobs: int, tables: string[], settings_keys: string[]} What was removed.
	 */
	public static function uninstall( ?bool $remove_all_data = null ): array {
		$remove_all_data ??= self::remove_all_data();
		$done              = array(
			'sites'         => 0,
			'options'       => 0,
			'jobs'          => 0,
			'tables'        => array(),
			'settings_keys' => array(),
		);
		$sites             = is_multisite() ? get_sites(
			array(
				'fields' => 'ids',
				'number' => 0,
			)
		) : array( 0 );
		foreach ( $sites as $site_id ) {
			$switched = 0 !== $site_id;
			if ( $switched ) {
				switch_to_blog( (int) $site_id );
			}
			try {
				++$done['sites'];
				$done['jobs']    += self::cancel_jobs();
				$done['options'] += self::delete_own_options();
				if ( $remove_all_data ) {
					$table = self::drop_journal();
					if ( null !== $table ) {
						$done['tables'][] = $table;
					}
					$done['settings_keys'] = array_values( array_unique( array_merge( $done['settings_keys'], self::remove_own_setting_keys() ) ) );
				}
			} finally {
				if ( $switched ) {
					restore_current_blog();
				}
			}
		}
		return $done;
	}

	/**
	 * WooCommerce's convention: `define( 'WC_REMOVE_ALL_DATA', true );` in wp-config.php.
	 */
	public static function remove_all_data(): bool {
		return defined( 'WC_REMOVE_ALL_DATA' ) && true === constant( 'WC_REMOVE_ALL_DATA' );
	}

	/**
	 * Cancels the pending Action Scheduler jobs of this plugin: the group `ecster-order-management`
	 * and any hook starting with `ecster_om_`. Without Action Scheduler loaded (WooCommerce already
	 * off), its table is updated directly when it exists.
	 *
	 * @return int How many jobs were cancelled.
	 */
	public static function cancel_jobs(): int {
		if ( function_exists( 'as_get_scheduled_actions' ) && class_exists( '\ActionScheduler' ) ) {
			return self::cancel_jobs_with_action_scheduler();
		}
		return self::cancel_jobs_in_table();
	}

	private static function cancel_jobs_with_action_scheduler(): int {
		$ids = array();
		foreach ( array( array( 'group' => self::JOB_GROUP ), array( 'search' => self::HOOK_PREFIX ) ) as $query ) {
			$actions = as_get_scheduled_actions(
				array_merge(
					$query,
					array(
						'status'   => \ActionScheduler_Store::STATUS_PENDING,
						'per_page' => -1,
					)
				)
			);
			foreach ( $actions as $id => $action ) {
				if ( ! $action instanceof \ActionScheduler_Action ) {
					continue;
				}
				if ( isset( $query['search'] ) && ! str_starts_with( $action->get_hook(), self::HOOK_PREFIX ) ) {
					continue; // The search also matches arguments; only our hooks count.
				}
				$ids[ (int) $id ] = true;
			}
		}
		$store     = \ActionScheduler::store();
		$cancelled = 0;
		foreach ( array_keys( $ids ) as $id ) {
			try {
				$store->cancel_action( $id );
				++$cancelled;
			} catch ( \Throwable $e ) {
				continue; // Already finished or removed meanwhile.
			}
		}
		return $cancelled;
	}

	/**
	 * The same without Action Scheduler's API: marks our pending rows in its table as canceled.
	 *
	 * @return int How many jobs were cancelled.
	 */
	public static function cancel_jobs_in_table(): int {
		global $wpdb;
		$actions = $wpdb->prefix . 'actionscheduler_actions';
		$groups  = $wpdb->prefix . 'actionscheduler_groups';
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Action Scheduler's own tables, while it is not loaded.
		if ( $actions !== $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $actions ) ) ) ) {
			return 0;
		}
		$group_id = (int) $wpdb->get_var( $wpdb->prepare( "SELECT group_id FROM {$groups} WHERE slug = %s", self::JOB_GROUP ) );
		$updated  = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$actions} SET status = 'canceled' WHERE status = 'pending' AND ( hook LIKE %s OR ( %d > 0 AND group_id = %d ) )",
				$wpdb->esc_like( self::HOOK_PREFIX ) . '%',
				$group_id,
				$group_id
			)
		);
		// phpcs:enable
		return is_int( $updated ) ? $updated : 0;
	}

	/**
	 * Deletes every option named `ecster_om_…` and our transients, through delete_option() so
	 * that WordPress's option cache forgets them too.
	 *
	 * @return int How many options were deleted.
	 */
	public static function delete_own_options(): int {
		global $wpdb;
		$like = static fn( string $prefix ): string => $wpdb->esc_like( $prefix ) . '%';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- there is no API to list options by prefix.
		$names   = $wpdb->get_col(
			$wpdb->prepare(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
				$like( self::OPTION_PREFIX ),
				$like( '_transient_' . self::OPTION_PREFIX ),
				$like( '_transient_timeout_' . self::OPTION_PREFIX )
			)
		);
		$deleted = 0;
		foreach ( is_array( $names ) ? $names : array() as $name ) {
			if ( delete_option( (string) $name ) ) {
				++$deleted;
			}
		}
		return $deleted;
	}

	/**
	 * Drops `{prefix}ecster_om_journal` when it exists (WC_REMOVE_ALL_DATA only).
	 *
	 * @return string|null The table dropped, or null when there was none.
	 */
	public static function drop_journal(): ?string {
		global $wpdb;
		$table = $wpdb->prefix . self::JOURNAL_TABLE;
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table, removed on uninstall.
		if ( $table !== $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ) ) {
			return null;
		}
		$wpdb->query( "DROP TABLE IF EXISTS {$table}" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.SchemaChange
		// phpcs:enable
		return $table;
	}

	/**
	 * Removes only our own keys from the shared settings option (WC_REMOVE_ALL_DATA only); the
	 * option itself stays with the checkout plugin's keys. An option left empty is deleted.
	 *
	 * @return string[] The keys removed.
	 */
	public static function remove_own_setting_keys(): array {
		$settings = get_option( self::SETTINGS_OPTION, null );
		if ( ! is_array( $settings ) ) {
			return array();
		}
		$removed = array_values( array_intersect( self::OWN_SETTING_KEYS, array_keys( $settings ) ) );
		if ( array() === $removed ) {
			return array();
		}
		foreach ( $removed as $key ) {
			unset( $settings[ $key ] );
		}
		if ( array() === $settings ) {
			delete_option( self::SETTINGS_OPTION );
		} else {
			update_option( self::SETTINGS_OPTION, $settings );
		}
		return $removed;
	}
}
