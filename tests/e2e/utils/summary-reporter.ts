/**
 * Prints one line after the run: "e2e: N passed, N failed, N skipped in M s".
 */
import type {
	FullResult,
	Reporter,
	TestCase,
	TestResult,
} from '@playwright/test/reporter';

class SummaryReporter implements Reporter {
	private passed = 0;
	private failed = 0;
	private skipped = 0;
	private readonly started = Date.now();

	onTestEnd( test: TestCase, result: TestResult ): void {
		if ( result.retry < test.retries && result.status !== 'passed' ) {
			return;
		}
		if ( result.status === 'skipped' ) {
			this.skipped++;
		} else if ( test.outcome() === 'expected' ) {
			this.passed++;
		} else {
			this.failed++;
		}
	}

	onEnd( result: FullResult ): void {
		const seconds = Math.round( ( Date.now() - this.started ) / 1000 );
		process.stdout.write(
			`e2e: ${ this.passed } passed, ${ this.failed } failed, ${ this.skipped } skipped in ${ seconds } s (${ result.status })\n`
		);
	}

	printsToStdio(): boolean {
		return false;
	}
}

export default SummaryReporter;
