/**
 * "Manage orders" and what happens to an order whose debit fails.
 */
import { RadioControl, ToggleControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { FailedDebitStatus } from '../types';
import { FieldHelp } from './FieldHelp';
import { useField } from './hooks';

function isFailedDebitStatus( value: string ): value is FailedDebitStatus {
	return 'on-hold' === value || 'processing' === value;
}

export function ManageOrdersSection() {
	const manage = useField( 'manageOrders' );
	const failed = useField( 'failedDebitStatus' );

	return (
		<>
			<div
				className="ecster-om-settings__field"
				data-field="manageOrders"
			>
				<ToggleControl
					__nextHasNoMarginBottom
					label={ __( 'Manage orders', 'ecster-order-management' ) }
					checked={ manage.value }
					onChange={ manage.onChange }
					help={
						<FieldHelp error={ manage.error }>
							{ __(
								'Debit, annul and credit Ecster orders from WooCommerce.',
								'ecster-order-management'
							) }
						</FieldHelp>
					}
				/>
			</div>
			<div
				className="ecster-om-settings__field"
				data-field="failedDebitStatus"
			>
				<RadioControl
					label={ __(
						'Order status after a failed debit',
						'ecster-order-management'
					) }
					selected={ failed.value }
					options={ [
						{
							label: __( 'On hold', 'ecster-order-management' ),
							value: 'on-hold',
						},
						{
							label: __(
								'Leave as Processing',
								'ecster-order-management'
							),
							value: 'processing',
						},
					] }
					onChange={ ( value ) => {
						if ( isFailedDebitStatus( value ) ) {
							failed.onChange( value );
						}
					} }
					help={
						<FieldHelp error={ failed.error }>
							{ __(
								'When Ecster refuses to debit an order, WooCommerce gives it this status and adds a note, so you can follow it up.',
								'ecster-order-management'
							) }
						</FieldHelp>
					}
				/>
			</div>
		</>
	);
}
