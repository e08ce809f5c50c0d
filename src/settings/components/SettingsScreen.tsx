/**
 * The Ecster Pay settings screen.
 */
import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useRef } from '@wordpress/element';
import type { KeyboardEvent } from 'react';
import { __ } from '@wordpress/i18n';

import { store } from '../store';
import { BulkSection } from './BulkSection';
import { ConnectionSection } from './ConnectionSection';
import { LoggingSection } from './LoggingSection';
import { ManageOrdersSection } from './ManageOrdersSection';
import { Notices } from './Notices';
import { useUnsavedChangesWarning } from './hooks';

interface Props {
	logsUrl: string;
}

/**
 * Moves keyboard focus to the first field with an error, in screen order.
 *
 * @param container The screen's element.
 */
function focusFirstError( container: HTMLElement | null ): void {
	const fields = Array.from(
		container?.querySelectorAll< HTMLElement >(
			'.ecster-om-settings__field'
		) ?? []
	);
	const field = fields.find( ( element ) =>
		element.querySelector( '.ecster-om-field-error' )
	);
	field
		?.querySelector< HTMLElement >( 'input, button, select, textarea' )
		?.focus();
}

/** Input types where Enter saves, as it would submit a form. */
const SAVE_ON_ENTER = new Set( [
	'text',
	'password',
	'email',
	'url',
	'search',
	'tel',
	'number',
] );

/**
 * The screen is a plain element, not a form: WooCommerce prints gateway sections inside its own
 * settings form, and forms must not nest. It saves through its own button and REST route; Enter in
 * a text field saves too, as it would in a form.
 *
 * @param props         Props.
 * @param props.logsUrl WooCommerce → Status → Logs, filtered to the plugin's log.
 */
export function SettingsScreen( { logsUrl }: Props ) {
	const { dirty, saving } = useSelect(
		( select ) => ( {
			dirty: select( store ).isDirty(),
			saving: select( store ).isSaving(),
		} ),
		[]
	);
	const { save } = useDispatch( store );
	useUnsavedChangesWarning( dirty );

	const container = useRef< HTMLDivElement >( null );

	const onSave = async ( element: HTMLElement | null ) => {
		if ( saving ) {
			return;
		}
		const saved = await save();
		if ( ! saved ) {
			// Let React render the messages first.
			window.requestAnimationFrame( () => focusFirstError( element ) );
		}
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLDivElement > ) => {
		const target = event.target;
		if (
			'Enter' !== event.key ||
			event.nativeEvent.isComposing ||
			! ( target instanceof HTMLInputElement ) ||
			! SAVE_ON_ENTER.has( target.type )
		) {
			return;
		}
		event.preventDefault();
		if ( dirty ) {
			void onSave( container.current );
		}
	};

	return (
		// eslint-disable-next-line jsx-a11y/no-static-element-interactions -- Enter in its text fields saves, as in a form; the Save button is the interactive control.
		<div
			className="ecster-om-settings__form"
			ref={ container }
			onKeyDown={ onKeyDown }
		>
			<Notices />
			<Card className="ecster-om-settings__card">
				<CardHeader>
					<h3 className="ecster-om-settings__title">
						{ __( 'Order management', 'ecster-order-management' ) }
					</h3>
				</CardHeader>
				<CardBody>
					<ManageOrdersSection />
				</CardBody>
			</Card>
			<Card className="ecster-om-settings__card">
				<CardHeader>
					<h3 className="ecster-om-settings__title">
						{ __(
							'Connection to Ecster',
							'ecster-order-management'
						) }
					</h3>
				</CardHeader>
				<CardBody>
					<ConnectionSection />
				</CardBody>
			</Card>
			<Card className="ecster-om-settings__card">
				<CardHeader>
					<h3 className="ecster-om-settings__title">
						{ __( 'Bulk actions', 'ecster-order-management' ) }
					</h3>
				</CardHeader>
				<CardBody>
					<BulkSection />
				</CardBody>
			</Card>
			<Card className="ecster-om-settings__card">
				<CardHeader>
					<h3 className="ecster-om-settings__title">
						{ __( 'Troubleshooting', 'ecster-order-management' ) }
					</h3>
				</CardHeader>
				<CardBody>
					<LoggingSection logsUrl={ logsUrl } />
				</CardBody>
			</Card>
			<div className="ecster-om-settings__actions">
				<Button
					variant="primary"
					onClick={ () => void onSave( container.current ) }
					isBusy={ saving }
					disabled={ saving || ! dirty }
					accessibleWhenDisabled
					__next40pxDefaultSize
				>
					{ saving
						? __( 'Saving…', 'ecster-order-management' )
						: __( 'Save changes', 'ecster-order-management' ) }
				</Button>
				{ dirty && ! saving ? (
					<span className="ecster-om-settings__unsaved">
						{ __(
							'You have unsaved changes.',
							'ecster-order-management'
						) }
					</span>
				) : null }
			</div>
		</div>
	);
}
