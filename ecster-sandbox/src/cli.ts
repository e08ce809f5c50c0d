/**
 * `npm run sandbox`: starts the Ecster sandbox on 127.0.0.1:8790 (see ../README.md).
 *
 * Environment:
 *   ECSTER_SANDBOX_PORT        port (default 8790; 0 = any free port)
 *   ECSTER_SANDBOX_HOST        interface (default 127.0.0.1)
 *   ECSTER_SANDBOX_KEYS        extra key pairs "key1:merchant1,key2:merchant2" (added to sandbox-api-key:sandbox-merchant)
 *   ECSTER_SANDBOX_STATE       state file (default ecster-sandbox/.state/state.json; "off" = memory only)
 *   ECSTER_SANDBOX_PUBLIC_URL  base of billPdfUrl links (default http://<host>:<port>)
 *   ECSTER_SANDBOX_RATE_LIMIT  requests per second per API key (default 0 = off)
 *   ECSTER_SANDBOX_SWISH_DELAY_MS  Swish refund ONGOING time (default 2000)
 *   ECSTER_SANDBOX_ROW_SUM_CHECK   1 = enforce Σ rows = amount
 *   ECSTER_SANDBOX_LATENCY_MS      wait before every Ecster API request is carried out (default 0; max 120000)
 *   ECSTER_SANDBOX_LATENCY_JITTER_MS  extra random wait of 0..N ms per request (default 0; max 120000)
 *   ECSTER_SANDBOX_QUIET       1 = no per-request log lines
 *   ECSTER_SANDBOX_ALLOW_REMOTE_CONTROL  1 = control API also from non-loopback addresses
 */
import path from 'node:path';

import { MAX_DELAY_MS } from './faults';
import type { KeyPair } from './server';
import { DEFAULT_PORT, startSandbox } from './server';
import type { SandboxConfig } from './types';

function fail( message: string ): never {
	process.stderr.write( `ecster-sandbox: ${ message }\n` );
	process.exit( 2 );
}

export function parseKeys( spec: string | undefined ): KeyPair[] {
	if ( ! spec || spec.trim() === '' ) {
		return [];
	}
	return spec.split( ',' ).map( ( part ) => {
		const i = part.indexOf( ':' );
		const apiKey = i < 0 ? '' : part.slice( 0, i ).trim();
		const merchantId = i < 0 ? '' : part.slice( i + 1 ).trim();
		if ( ! apiKey || ! merchantId ) {
			fail(
				`ECSTER_SANDBOX_KEYS entry "${ part }" must look like apiKey:merchantId.`
			);
		}
		return { apiKey, merchantId };
	} );
}

function intEnv( name: string, max?: number ): number | undefined {
	const raw = process.env[ name ];
	if ( raw === undefined || raw === '' ) {
		return undefined;
	}
	const n = Number( raw );
	if (
		! Number.isInteger( n ) ||
		n < 0 ||
		( max !== undefined && n > max )
	) {
		const wanted =
			max === undefined
				? 'a non-negative integer'
				: `an integer from 0 to ${ max }`;
		fail( `${ name } must be ${ wanted }, got "${ raw }".` );
	}
	return n;
}

async function main(): Promise< void > {
	const env = process.env;
	const port = intEnv( 'ECSTER_SANDBOX_PORT' ) ?? DEFAULT_PORT;
	const stateEnv = env.ECSTER_SANDBOX_STATE;
	const statePath =
		stateEnv === 'off'
			? null
			: path.resolve(
					stateEnv && stateEnv !== ''
						? stateEnv
						: path.join( __dirname, '..', '.state', 'state.json' )
				);
	const config: Partial< SandboxConfig > = {};
	const rate = intEnv( 'ECSTER_SANDBOX_RATE_LIMIT' );
	if ( rate !== undefined ) {
		config.rateLimitPerSecond = rate;
	}
	const swishDelay = intEnv( 'ECSTER_SANDBOX_SWISH_DELAY_MS' );
	if ( swishDelay !== undefined ) {
		config.swishRefundDelayMs = swishDelay;
	}
	if ( env.ECSTER_SANDBOX_ROW_SUM_CHECK === '1' ) {
		config.rowSumCheck = true;
	}
	const latency = intEnv( 'ECSTER_SANDBOX_LATENCY_MS', MAX_DELAY_MS );
	if ( latency !== undefined ) {
		config.latencyMs = latency;
	}
	const jitter = intEnv( 'ECSTER_SANDBOX_LATENCY_JITTER_MS', MAX_DELAY_MS );
	if ( jitter !== undefined ) {
		config.latencyJitterMs = jitter;
	}
	const quiet = env.ECSTER_SANDBOX_QUIET === '1';
	const write = ( line: string ): void => {
		process.stdout.write( line + '\n' );
	};

	const sandbox = await startSandbox( {
		port,
		host: env.ECSTER_SANDBOX_HOST || undefined,
		statePath,
		keys: parseKeys( env.ECSTER_SANDBOX_KEYS ),
		publicUrl: env.ECSTER_SANDBOX_PUBLIC_URL || undefined,
		config,
		allowRemoteControl: env.ECSTER_SANDBOX_ALLOW_REMOTE_CONTROL === '1',
		log: quiet
			? ( line ) =>
					line.startsWith( 'WARNING' ) || line.startsWith( 'ERROR' )
						? write( line )
						: undefined
			: write,
	} );
	write(
		`Ecster sandbox listening on ${ sandbox.url } (state: ${ statePath ?? 'memory only' })`
	);
	write(
		`  Ecster API: ${ sandbox.url }/rest/public/v1/   control API: ${ sandbox.url }/sandbox/`
	);
	if ( config.latencyMs || config.latencyJitterMs ) {
		write(
			`  Latency: ${ config.latencyMs ?? 0 } ms${ config.latencyJitterMs ? ` + 0..${ config.latencyJitterMs } ms jitter` : '' } before every Ecster API request`
		);
	}
	if ( process.send ) {
		process.send( { type: 'ready', url: sandbox.url, port: sandbox.port } );
	}

	let stopping = false;
	const stop = ( signal: string ): void => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		write( `Received ${ signal }, shutting down…` );
		sandbox.close().then(
			() => process.exit( 0 ),
			( e: unknown ) => {
				process.stderr.write(
					`ecster-sandbox: shutdown failed: ${ ( e as Error ).message }\n`
				);
				process.exit( 1 );
			}
		);
	};
	process.on( 'SIGTERM', () => stop( 'SIGTERM' ) );
	process.on( 'SIGINT', () => stop( 'SIGINT' ) );
	process.on( 'disconnect', () => stop( 'disconnect' ) );
}

main().catch( ( e: unknown ) => fail( ( e as Error ).message ) );
