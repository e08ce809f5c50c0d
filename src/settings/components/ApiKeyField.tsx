/**
 * The write-only API key: once stored, only "a key is stored, ending in …" and a way to replace it.
 */
import { Button, TextControl } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { store } from '../store';
import { FieldHelp } from './FieldHelp';
import { fieldId, useField } from './hooks';

export function ApiKeyField() {
	const key = useField( 'apiKey' );
	const { saved, replacing, showsInput } = useSelect(
		( select ) => ( {
			saved: select( store ).getSaved(),
			replacing: select( store ).isReplacingApiKey(),
			showsInput: select( store ).showsApiKeyInput(),
		} ),
		[]
	);
	const { startReplacingApiKey, cancelReplacingApiKey } =
		useDispatch( store );
	const input = useRef< HTMLInputElement | null >( null );
	const replaceButton = useRef< HTMLButtonElement | null >( null );
	const wasReplacing = useRef( replacing );

	// Keyboard users land in the input after "Replace key", and back on the button after "Cancel".
	useEffect( () => {
		if ( replacing && ! wasReplacing.current ) {
			input.current?.focus();
		} else if ( ! replacing && wasReplacing.current && saved.apiKeySet ) {
			replaceButton.current?.focus();
		}
		wasReplacing.current = replacing;
	}, [ replacing, saved.apiKeySet ] );

	const storedText = saved.apiKeyLast4
		? sprintf(
				/* translators: %s: last four characters of the stored API key */
				__(
					'An API key is stored, ending in %s.',
					'ecster-order-management'
				),
				saved.apiKeyLast4
			)
		: __( 'An API key is stored.', 'ecster-order-management' );

	if ( ! showsInput ) {
		return (
			<div
				className="ecster-om-settings__field ecster-om-api-key"
				data-field="apiKey"
			>
				<p className="ecster-om-api-key__label">
					{ __( 'API key', 'ecster-order-management' ) }
				</p>
				<p
					className="ecster-om-api-key__stored"
					id={ `${ fieldId( 'apiKey' ) }-stored` }
				>
					{ storedText }{ ' ' }
					{ __(
						'It is never shown again.',
						'ecster-order-management'
					) }
				</p>
				<Button
					ref={ replaceButton }
					variant="secondary"
					onClick={ () => startReplacingApiKey() }
					aria-describedby={ `${ fieldId( 'apiKey' ) }-stored` }
				>
					{ __( 'Replace key', 'ecster-order-management' ) }
				</Button>
				{ key.error ? (
					<p className="ecster-om-field-error">{ key.error }</p>
				) : null }
			</div>
		);
	}

	return (
		<div
			className="ecster-om-settings__field ecster-om-api-key"
			data-field="apiKey"
		>
			<TextControl
				__nextHasNoMarginBottom
				__next40pxDefaultSize
				ref={ input }
				id={ fieldId( 'apiKey' ) }
				type="password"
				autoComplete="new-password"
				spellCheck={ false }
				label={
					replacing
						? __( 'New API key', 'ecster-order-management' )
						: __( 'API key', 'ecster-order-management' )
				}
				value={ key.value }
				onChange={ key.onChange }
				aria-invalid={ key.error ? true : undefined }
				help={
					<FieldHelp error={ key.error }>
						{ replacing
							? sprintf(
									/* translators: %s: sentence about the stored key */
									__(
										'%s The new key replaces it when you save.',
										'ecster-order-management'
									),
									storedText
								)
							: __(
									'From the Ecster merchant portal. Once saved it is kept on the server and never shown again.',
									'ecster-order-management'
								) }
					</FieldHelp>
				}
			/>
			{ replacing ? (
				<Button
					variant="tertiary"
					className="ecster-om-api-key__cancel"
					onClick={ () => cancelReplacingApiKey() }
				>
					{ __(
						'Cancel, keep the stored key',
						'ecster-order-management'
					) }
				</Button>
			) : null }
		</div>
	);
}
