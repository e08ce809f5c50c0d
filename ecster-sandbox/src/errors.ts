/**
 * Error codes of the sandbox.
 *
 * Ecster's own error codes are 4-digit numbers; the only one known is 4424 ("order is not in a valid
 * state", /work/shared/ecster-api.md §6). Every other code here is the sandbox's own, kept in the
 * 9000–9099 range so nobody mistakes it for an Ecster code. Their `type` always starts with
 * `SANDBOX_` for the same reason.
 */

/** Ecster's code for any order-state violation (the only Ecster code we know). */
export const ECSTER_INVALID_STATE = 4424;

export const SandboxCode = {
	/** 401: missing or unknown x-api-key / x-merchant-key pair. */
	AUTHENTICATION_FAILED: 9001,
	/** 404: no such order for this merchant (also: another merchant's order). */
	ORDER_NOT_FOUND: 9002,
	/** 400: the body is not valid JSON. */
	INVALID_JSON: 9003,
	/** 400: a field is missing, has the wrong type or an invalid value. */
	VALIDATION_FAILED: 9004,
	/** 400: the amount is larger than what the order allows (residual, creditable, refundable). */
	AMOUNT_NOT_ALLOWED: 9005,
	/** 404: no such route. */
	ROUTE_NOT_FOUND: 9006,
	/** 405: the route exists but not for this HTTP method. */
	METHOD_NOT_ALLOWED: 9007,
	/** 413: the body is larger than the limit. */
	PAYLOAD_TOO_LARGE: 9008,
	/** 429: the configured request rate was exceeded. */
	RATE_LIMITED: 9009,
	/** Any status: default body of an injected fault. */
	INJECTED_FAULT: 9010,
	/** 500: a bug in the sandbox. */
	INTERNAL_ERROR: 9011,
	/** 400: the rows do not add up to the amount (rule 22, only when enabled). */
	ROW_SUM_MISMATCH: 9012,
	/** 400: debitTransaction is not a DEBIT transaction of this order. */
	UNKNOWN_DEBIT_TRANSACTION: 9013,
	/** 404: the order has no Swish refund yet. */
	REFUND_NOT_FOUND: 9014,
	/** 403: control API called from a non-loopback address. */
	FORBIDDEN: 9015,
} as const;

export type SandboxCodeValue =
	( typeof SandboxCode )[ keyof typeof SandboxCode ];

/** Type strings sent in error bodies, per code. */
export const ERROR_TYPES: Record< number, string > = {
	[ ECSTER_INVALID_STATE ]: 'INVALID_STATE',
	[ SandboxCode.AUTHENTICATION_FAILED ]: 'SANDBOX_AUTHENTICATION_FAILED',
	[ SandboxCode.ORDER_NOT_FOUND ]: 'SANDBOX_ORDER_NOT_FOUND',
	[ SandboxCode.INVALID_JSON ]: 'SANDBOX_INVALID_JSON',
	[ SandboxCode.VALIDATION_FAILED ]: 'SANDBOX_VALIDATION_FAILED',
	[ SandboxCode.AMOUNT_NOT_ALLOWED ]: 'SANDBOX_AMOUNT_NOT_ALLOWED',
	[ SandboxCode.ROUTE_NOT_FOUND ]: 'SANDBOX_ROUTE_NOT_FOUND',
	[ SandboxCode.METHOD_NOT_ALLOWED ]: 'SANDBOX_METHOD_NOT_ALLOWED',
	[ SandboxCode.PAYLOAD_TOO_LARGE ]: 'SANDBOX_PAYLOAD_TOO_LARGE',
	[ SandboxCode.RATE_LIMITED ]: 'SANDBOX_RATE_LIMITED',
	[ SandboxCode.INJECTED_FAULT ]: 'SANDBOX_INJECTED_FAULT',
	[ SandboxCode.INTERNAL_ERROR ]: 'SANDBOX_INTERNAL_ERROR',
	[ SandboxCode.ROW_SUM_MISMATCH ]: 'SANDBOX_ROW_SUM_MISMATCH',
	[ SandboxCode.UNKNOWN_DEBIT_TRANSACTION ]:
		'SANDBOX_UNKNOWN_DEBIT_TRANSACTION',
	[ SandboxCode.REFUND_NOT_FOUND ]: 'SANDBOX_REFUND_NOT_FOUND',
	[ SandboxCode.FORBIDDEN ]: 'SANDBOX_FORBIDDEN',
};

export interface ErrorBody {
	code: number;
	message: string;
	type: string;
}

/** An error that becomes an HTTP answer with the `{code, message, type}` body. */
export class ApiError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly code: number,
		message: string,
		readonly headers: Record< string, string > = {}
	) {
		super( message );
		this.name = 'ApiError';
	}

	body(): ErrorBody {
		return {
			code: this.code,
			message: this.message,
			type: ERROR_TYPES[ this.code ] ?? 'SANDBOX_ERROR',
		};
	}
}

export function validationError( message: string ): ApiError {
	return new ApiError( 400, SandboxCode.VALIDATION_FAILED, message );
}
