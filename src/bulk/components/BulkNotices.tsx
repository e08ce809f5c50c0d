/**
 * Every batch not dismissed, newest first.
 */
import { useSelect } from '@wordpress/data';

import { store } from '../store';
import { BatchNotice } from './BatchNotice';

interface Props {
	onRetry: ( id: string ) => void;
	onDismiss: ( id: string ) => void;
}

export function BulkNotices( { onRetry, onDismiss }: Props ) {
	const batches = useSelect( ( select ) => select( store ).getBatches(), [] );
	if ( 0 === batches.length ) {
		return null;
	}
	return (
		<div className="ecster-om-bulk__notices">
			{ batches.map( ( batch ) => (
				<BatchNotice
					key={ batch.id }
					batch={ batch }
					onRetry={ onRetry }
					onDismiss={ onDismiss }
				/>
			) ) }
		</div>
	);
}
