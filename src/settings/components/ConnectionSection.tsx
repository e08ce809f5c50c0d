/**
 * Where Ecster is (Test, Live, or a developer URL), the keys, and "Check connection".
 */
import {
	Button,
	Notice,
	RadioControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';

import { store } from '../store';
import type { Environment } from '../types';
import { ApiKeyField } from './ApiKeyField';
import { FieldHelp } from './FieldHelp';
import { fieldId, useField } from './hooks';

function isEnvironment( value: string ): value is Environment {
	return 'test' === value || 'live' === value;
}

function EnvironmentField() {
	const environment = useField( 'environment' );
	const override = useSelect(
		( select ) => select( store ).getSaved().apiUrlOverride,
		[]
	);

	if ( override ) {
		return (
			<div className="ecster-om-settings__field" data-field="environment">
				<Notice
					status="warning"
					isDismissible={ false }
					className="ecster-om-url-override"
				>
					<strong>
						{ __( 'Environment:', 'ecster-order-management' ) }
					</strong>{ ' ' }
					{ sprintf(
						/* translators: %s: URL */
						__(
							'every Ecster call goes to %s, set with the ECSTER_OM_API_URL constant in wp-config.php. The Test/Live setting is not used while the constant is set.',
							'ecster-order-management'
						),
						override
					) }
				</Notice>
			</div>
		);
	}

	return (
		<div className="ecster-om-settings__field" data-field="environment">
			<RadioControl
				label={ __( 'Environment', 'ecster-order-management' ) }
				selected={ environment.value }
				options={ [
					{
						label: __( 'Test', 'ecster-order-management' ),
						value: 'test',
					},
					{
						label: __( 'Live', 'ecster-order-management' ),
						value: 'live',
					},
				] }
				onChange={ ( value ) => {
					if ( isEnvironment( value ) ) {
						environment.onChange( value );
					}
				} }
				help={
					<FieldHelp error={ environment.error }>
						{ __(
							'Test uses Ecster’s test system (labs.ecster.se) and test keys; Live moves real money. The keys must belong to the environment you choose.',
							'ecster-order-management'
						) }
					</FieldHelp>
				}
			/>
		</div>
	);
}

function MerchantKeyField() {
	const merchant = useField( 'merchantKey' );
	return (
		<div className="ecster-om-settings__field" data-field="merchantKey">
			<TextControl
				__nextHasNoMarginBottom
				__next40pxDefaultSize
				id={ fieldId( 'merchantKey' ) }
				label={ __( 'Merchant key', 'ecster-order-management' ) }
				value={ merchant.value }
				onChange={ merchant.onChange }
				autoComplete="off"
				spellCheck={ false }
				aria-invalid={ merchant.error ? true : undefined }
				help={
					<FieldHelp error={ merchant.error }>
						{ __(
							'Your shop’s merchant key, from the Ecster merchant portal.',
							'ecster-order-management'
						) }
					</FieldHelp>
				}
			/>
		</div>
	);
}

const RESULT_STATUS = {
	accepted: 'success',
	rejected: 'error',
	unreachable: 'warning',
} as const;

function ConnectionCheck() {
	const connection = useSelect(
		( select ) => select( store ).getConnection(),
		[]
	);
	const { checkConnection } = useDispatch( store );
	const checking = 'checking' === connection.status;

	let title: string | null = null;
	if ( connection.check ) {
		title = {
			accepted: __( 'Credentials accepted.', 'ecster-order-management' ),
			rejected: __( 'Credentials rejected.', 'ecster-order-management' ),
			unreachable: __( 'Ecster unreachable.', 'ecster-order-management' ),
		}[ connection.check.result ];
	}

	return (
		<div
			className="ecster-om-settings__field ecster-om-connection"
			data-field="connection"
		>
			<div className="ecster-om-connection__action">
				<Button
					variant="secondary"
					onClick={ () => checkConnection() }
					isBusy={ checking }
					disabled={ checking }
					accessibleWhenDisabled
					aria-describedby="ecster-om-connection-help"
				>
					{ __( 'Check connection', 'ecster-order-management' ) }
				</Button>
				{ checking ? <Spinner /> : null }
			</div>
			<p
				className="ecster-om-connection__help"
				id="ecster-om-connection-help"
			>
				{ __(
					'Makes a harmless call to Ecster with the environment and keys above, saved or not.',
					'ecster-order-management'
				) }
			</p>
			{ /* Notice announces itself to screen readers (wp.a11y.speak). */ }
			<div className="ecster-om-connection__result">
				{ connection.check && title ? (
					<Notice
						status={ RESULT_STATUS[ connection.check.result ] }
						isDismissible={ false }
						className={ `ecster-om-connection__${ connection.check.result }` }
					>
						<strong>{ title }</strong> { connection.check.message }
					</Notice>
				) : null }
				{ connection.error ? (
					<Notice
						status="error"
						isDismissible={ false }
						className="ecster-om-connection__failed"
					>
						<strong>
							{ __(
								'The connection was not checked.',
								'ecster-order-management'
							) }
						</strong>{ ' ' }
						{ connection.error }
					</Notice>
				) : null }
			</div>
		</div>
	);
}

export function ConnectionSection() {
	return (
		<>
			<EnvironmentField />
			<ApiKeyField />
			<MerchantKeyField />
			<ConnectionCheck />
		</>
	);
}
