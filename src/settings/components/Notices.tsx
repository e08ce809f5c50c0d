/**
 * The screen's notices from the `core/notices` store (context `ecster-om/settings`): errors as
 * Notice at the top, confirmations as snackbars.
 */
import { Notice, SnackbarList } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';

import { NOTICE_CONTEXT } from '../store';

export function Notices() {
	const notices = useSelect(
		( select ) => select( noticesStore ).getNotices( NOTICE_CONTEXT ),
		[]
	);
	const { removeNotice } = useDispatch( noticesStore );
	const remove = ( id: string ) => removeNotice( id, NOTICE_CONTEXT );

	const standard = notices.filter( ( notice ) => 'snackbar' !== notice.type );
	const snackbars = notices.filter(
		( notice ) => 'snackbar' === notice.type
	);

	return (
		<>
			{ standard.map( ( notice ) => (
				<Notice
					key={ notice.id }
					status={
						notice.status as
							'error' | 'warning' | 'success' | 'info'
					}
					isDismissible={ notice.isDismissible }
					onRemove={ () => remove( notice.id ) }
					className="ecster-om-settings__notice"
				>
					{ notice.content }
				</Notice>
			) ) }
			<SnackbarList
				notices={ snackbars }
				onRemove={ remove }
				className="ecster-om-settings__snackbars"
			/>
		</>
	);
}
