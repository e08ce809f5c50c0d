/**
 * Logging to WooCommerce → Status → Logs.
 */
import { ToggleControl } from '@wordpress/components';
import { createInterpolateElement } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { FieldHelp } from './FieldHelp';
import { useField } from './hooks';

interface Props {
	logsUrl: string;
}

export function LoggingSection( { logsUrl }: Props ) {
	const logging = useField( 'logging' );
	return (
		<div className="ecster-om-settings__field" data-field="logging">
			<ToggleControl
				__nextHasNoMarginBottom
				label={ __( 'Logging', 'ecster-order-management' ) }
				checked={ logging.value }
				onChange={ logging.onChange }
				help={
					<FieldHelp error={ logging.error }>
						{ createInterpolateElement(
							__(
								'Write every call to Ecster to the WooCommerce logs (source ecster-order-management), without the API key or personal data. Errors are always logged. <a>View the logs</a>',
								'ecster-order-management'
							),
							// eslint-disable-next-line jsx-a11y/anchor-has-content -- the text is filled in by createInterpolateElement.
							{ a: <a href={ logsUrl } /> }
						) }
					</FieldHelp>
				}
			/>
		</div>
	);
}
