/**
 * In-memory state (orders, queued faults) with debounced, atomic JSON persistence.
 *
 * The hot path only marks state dirty; a timer writes the file at most once per `debounceMs` (longer
 * for big states, see writeDelay), off the request path, via write-to-temp + rename so a crash never
 * leaves a half-written file. Each order's JSON is cached until it changes, so a write only
 * re-serialises the orders that changed.
 */
import { promises as fs, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Fault, Order } from './types';

export interface StoreOptions {
	/** JSON state file; null keeps state in memory only. */
	statePath: string | null;
	/** Wait this long after a change before writing (changes in between are batched). */
	debounceMs?: number;
	/** Called with problems (load/write failures). */
	onWarning?: ( message: string ) => void;
}

interface StateFile {
	version: 1;
	savedAt: string;
	orders: Order[];
	faults: Fault[];
}

export class Store {
	readonly orders = new Map< string, Order >();
	faults: Fault[] = [];

	private readonly statePath: string | null;
	private readonly debounceMs: number;
	private readonly warn: ( message: string ) => void;
	private readonly jsonCache = new Map< string, string >();
	private timer: NodeJS.Timeout | null = null;
	private writing: Promise< void > | null = null;
	private dirty = false;
	private lastWriteCostMs = 0;
	private closed = false;

	constructor( opts: StoreOptions ) {
		this.statePath = opts.statePath;
		this.debounceMs = opts.debounceMs ?? 200;
		this.warn = opts.onWarning ?? ( () => {} );
	}

	/** Loads the state file, if there is one. A corrupt file is moved aside, not deleted. */
	load(): void {
		if ( ! this.statePath || ! existsSync( this.statePath ) ) {
			return;
		}
		let data: StateFile;
		try {
			data = JSON.parse(
				readFileSync( this.statePath, 'utf8' )
			) as StateFile;
			if ( ! data || ! Array.isArray( data.orders ) ) {
				throw new Error( 'no orders array' );
			}
		} catch ( e ) {
			const aside = `${ this.statePath }.corrupt-${ Date.now() }`;
			try {
				renameSync( this.statePath, aside );
			} catch {
				// Ignore: we start empty either way.
			}
			this.warn(
				`State file ${ this.statePath } could not be read (${ ( e as Error ).message }); moved to ${ aside }, starting empty.`
			);
			return;
		}
		for ( const order of data.orders ) {
			if ( order && typeof order.id === 'string' ) {
				order.refunds ??= [];
				order.debitClosed ??= false;
				this.orders.set( order.id, order );
			}
		}
		this.faults = Array.isArray( data.faults ) ? data.faults : [];
	}

	get( id: string ): Order | undefined {
		return this.orders.get( id );
	}

	add( order: Order ): void {
		this.orders.set( order.id, order );
		this.touch( order );
	}

	/**
	 * Call after every change of an order.
	 * @param order The changed order.
	 */
	touch( order: Order ): void {
		this.jsonCache.delete( order.id );
		this.scheduleWrite();
	}

	/** Call after the fault queue changed. */
	faultsChanged(): void {
		this.scheduleWrite();
	}

	clear(): void {
		this.orders.clear();
		this.jsonCache.clear();
		this.faults = [];
		this.scheduleWrite( 0 );
	}

	/**
	 * Debounce, stretched for big states: the synchronous part of a write (serialising and encoding)
	 * is kept under ~5 % of the event loop, so persistence never slows the request path much.
	 */
	private writeDelay(): number {
		return Math.max(
			this.debounceMs,
			Math.round( this.lastWriteCostMs * 20 )
		);
	}

	private scheduleWrite( delay = this.writeDelay() ): void {
		this.dirty = true;
		if ( ! this.statePath || this.closed ) {
			return;
		}
		if ( this.timer && delay > 0 ) {
			return;
		}
		if ( this.timer ) {
			clearTimeout( this.timer );
		}
		this.timer = setTimeout( () => {
			this.timer = null;
			void this.writeNow();
		}, delay );
		this.timer.unref();
	}

	private serialize(): string {
		const parts: string[] = [];
		for ( const order of this.orders.values() ) {
			let json = this.jsonCache.get( order.id );
			if ( json === undefined ) {
				json = JSON.stringify( order );
				this.jsonCache.set( order.id, json );
			}
			parts.push( json );
		}
		return (
			`{"version":1,"savedAt":${ JSON.stringify( new Date().toISOString() ) },` +
			`"orders":[${ parts.join( ',' ) }],"faults":${ JSON.stringify( this.faults ) }}\n`
		);
	}

	/** Writes the state now (waits for a write in progress first). */
	private async writeNow(): Promise< void > {
		if ( ! this.statePath ) {
			return;
		}
		while ( this.writing ) {
			await this.writing;
		}
		if ( ! this.dirty ) {
			return;
		}
		this.dirty = false;
		const file = this.statePath;
		const t0 = performance.now();
		const text = Buffer.from( this.serialize(), 'utf8' );
		this.lastWriteCostMs = performance.now() - t0;
		const tmp = `${ file }.${ process.pid }.tmp`;
		this.writing = ( async () => {
			try {
				await fs.mkdir( path.dirname( file ), { recursive: true } );
				await fs.writeFile( tmp, text );
				await fs.rename( tmp, file );
			} catch ( e ) {
				this.dirty = true;
				this.warn(
					`Could not write state file ${ file }: ${ ( e as Error ).message }`
				);
			}
		} )();
		try {
			await this.writing;
		} finally {
			this.writing = null;
		}
	}

	/** Writes pending changes immediately (used on shutdown and by tests). */
	async flush(): Promise< void > {
		if ( this.timer ) {
			clearTimeout( this.timer );
			this.timer = null;
		}
		await this.writeNow();
		// A change may have arrived while writing.
		if ( this.dirty && this.statePath ) {
			await this.writeNow();
		}
	}

	async close(): Promise< void > {
		await this.flush();
		this.closed = true;
	}
}
