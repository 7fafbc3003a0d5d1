/** Every node the package ships, for the tests that check all their descriptions. */
import type { INodeType } from 'n8n-workflow';
import { Klaviyo } from '../../../nodes/Klaviyo/Klaviyo.node';
import { Sitoo } from '../../../nodes/Sitoo/Sitoo.node';
import { SitooCrmTrigger } from '../../../nodes/SitooCrmTrigger/SitooCrmTrigger.node';
import { SitooEventsConfirm } from '../../../nodes/SitooEventsConfirm/SitooEventsConfirm.node';
import { SitooEventsTrigger } from '../../../nodes/SitooEventsTrigger/SitooEventsTrigger.node';
import { SitooTrigger } from '../../../nodes/SitooTrigger/SitooTrigger.node';
import { SyncMonitor } from '../../../nodes/SyncMonitor/SyncMonitor.node';

export function packageNodes(): INodeType[] {
	return [
		new Klaviyo(),
		new Sitoo(),
		new SitooCrmTrigger(),
		new SitooEventsConfirm(),
		new SitooEventsTrigger(),
		new SitooTrigger(),
		new SyncMonitor(),
	];
}
