/**
 * Small hooks shared by the settings fields.
 */
import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect } from '@wordpress/element';

import { store } from '../store';
import type { FieldName, SettingsForm } from '../types';

export interface FieldBinding< K extends FieldName > {
	value: SettingsForm[ K ];
	error: string | undefined;
	onChange: ( value: SettingsForm[ K ] ) => void;
}

/**
 * A form field's value, its error and a change handler.
 *
 * @param field Field name.
 */
export function useField< K extends FieldName >( field: K ): FieldBinding< K > {
	const { value, error } = useSelect(
		( select ) => ( {
			value: select( store ).getForm()[ field ],
			error: select( store ).getFieldError( field ),
		} ),
		[ field ]
	);
	const { setField } = useDispatch( store );
	return { value, error, onChange: ( next ) => setField( field, next ) };
}

/**
 * Asks the browser to confirm leaving the page while `active` (unsaved changes).
 *
 * @param active Whether there are unsaved changes.
 */
export function useUnsavedChangesWarning( active: boolean ): void {
	useEffect( () => {
		if ( ! active ) {
			return undefined;
		}
		const warn = ( event: BeforeUnloadEvent ) => {
			event.preventDefault();
			// Older browsers need returnValue set; the text itself is not shown.
			event.returnValue = '';
		};
		window.addEventListener( 'beforeunload', warn );
		return () => window.removeEventListener( 'beforeunload', warn );
	}, [ active ] );
}

/**
 * DOM id of a field's input (for focus and labels).
 *
 * @param field Field name.
 */
export function fieldId( field: string ): string {
	return `ecster-om-field-${ field }`;
}
