/**
 * "Ecster requests at once" for bulk debits and annuls.
 */
import { TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { BULK_CONCURRENCY_MAX, BULK_CONCURRENCY_MIN } from '../store';
import { FieldHelp } from './FieldHelp';
import { fieldId, useField } from './hooks';

export function BulkSection() {
	const level = useField( 'bulkConcurrency' );
	return (
		<div className="ecster-om-settings__field" data-field="bulkConcurrency">
			<TextControl
				__nextHasNoMarginBottom
				__next40pxDefaultSize
				id={ fieldId( 'bulkConcurrency' ) }
				type="number"
				min={ BULK_CONCURRENCY_MIN }
				max={ BULK_CONCURRENCY_MAX }
				step={ 1 }
				label={ __(
					'Ecster requests at once',
					'ecster-order-management'
				) }
				value={ level.value }
				onChange={ ( value ) => level.onChange( value ) }
				aria-invalid={ level.error ? true : undefined }
				help={
					<FieldHelp error={ level.error }>
						{ __(
							'Bulk debits and annuls (orders list, WP-CLI, REST API) run in the background and send this many requests to Ecster at the same time in each queue runner. When Ecster answers that it gets too many requests, fewer are sent for a while. Default 10.',
							'ecster-order-management'
						) }
					</FieldHelp>
				}
			/>
		</div>
	);
}
