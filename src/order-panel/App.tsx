/**
 * Root component: the panel, the confirmation dialog and the DOM hooks' lifetime.
 */
import { useEffect } from '@wordpress/element';

import { ConfirmDialog } from './components/ConfirmDialog';
import { OrderPanel } from './components/OrderPanel';
import type { Controller } from './controller';

interface Props {
	controller: Controller;
	/** Ask Ecster for the live state once mounted (the initial state comes from WooCommerce). */
	refreshOnMount?: boolean;
}

export function App( { controller, refreshOnMount = true }: Props ) {
	useEffect( () => {
		const detach = controller.attach();
		if ( refreshOnMount ) {
			void controller.refresh();
		}
		return detach;
	}, [ controller, refreshOnMount ] );

	return (
		<>
			<OrderPanel
				onRefresh={ () => void controller.refresh() }
				onReconcile={ () => void controller.reconcile() }
			/>
			<ConfirmDialog
				onConfirm={ () => void controller.confirm() }
				onCancel={ () => controller.cancel() }
			/>
		</>
	);
}
