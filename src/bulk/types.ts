/**
 * Shapes of the bulk routes (`ecster-om/v1/bulk/batches`, see docs/architecture.md, "Bulk and
 * background") and of the data PHP prints for the orders-list notice.
 */

export type BatchOperation = 'debit' | 'annul';

/** What started the batch: the orders list, the REST API or WP-CLI. */
export type BatchTrigger = 'bulk' | 'rest' | 'cli';

export type ProblemState = 'failed' | 'unknown';

export interface BatchCounts {
	/** Waiting for a queue runner, or being sent right now. */
	queued: number;
	done: number;
	failed: number;
	/** Ecster's answer was lost; followed up automatically. */
	unknown: number;
}

/** A failed or unknown order, with its link and Ecster's reason. */
export interface BatchProblem {
	orderId: number;
	orderNumber: string;
	editUrl: string;
	state: ProblemState;
	code: string;
	message: string;
	attempts: number;
}

export interface BatchView {
	id: string;
	operation: BatchOperation;
	trigger: string;
	/** Display name of the user who started it; null for none. */
	user: string | null;
	/** ISO 8601, UTC. */
	createdAt: string;
	finishedAt: string | null;
	finished: boolean;
	total: number;
	counts: BatchCounts;
	/** At most 50; `problemsTotal` counts them all. */
	problems: BatchProblem[];
	problemsTotal: number;
	/** Orders still queued (the list marks their rows). */
	queuedOrderIds: number[];
}

/** Data the list prints into the root element's `data-config`. */
export interface NoticeConfig {
	batches: BatchView[];
	/** Which orders list: WooCommerce's HPOS list or the legacy posts list. */
	screen: 'hpos' | 'legacy';
}
