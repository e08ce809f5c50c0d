/**
 * The Ecster Pay settings screen.
 */
import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import type { FormEvent } from 'react';
import { __ } from '@wordpress/i18n';

import { store } from '../store';
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

	const onSubmit = async ( event: FormEvent< HTMLFormElement > ) => {
		event.preventDefault();
		const form = event.currentTarget;
		const saved = await save();
		if ( ! saved ) {
			// Let React render the messages first.
			window.requestAnimationFrame( () => focusFirstError( form ) );
		}
	};

	return (
		<form
			className="ecster-om-settings__form"
			onSubmit={ onSubmit }
			noValidate
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
					type="submit"
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
		</form>
	);
}
