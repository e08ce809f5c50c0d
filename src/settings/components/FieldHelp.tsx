/**
 * A field's help text with its error in front, so both are read out through the control's
 * aria-describedby (the components link `help` to the input).
 */
import type { ReactNode } from 'react';

interface Props {
	error?: string;
	children?: ReactNode;
}

export function FieldHelp( { error, children }: Props ) {
	if ( ! error ) {
		return <>{ children }</>;
	}
	return (
		<>
			<span className="ecster-om-field-error">{ error }</span>
			{ children ? (
				<span className="ecster-om-field-help">{ children }</span>
			) : null }
		</>
	);
}
