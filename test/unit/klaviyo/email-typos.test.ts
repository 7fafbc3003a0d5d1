import { validIdentity } from '../../../nodes/core/klaviyo/identity-options';
import { trackOrder } from '../../../nodes/core/klaviyo/track-order';
import { NOW, STORE, normalized, simulator } from '../order/helpers';

describe('likely e-mail typos on the way to Klaviyo', () => {
	const sim = simulator(5, 4);

	function memberSale(email: string) {
		const raw = sim.factory.sale(NOW, { storeId: STORE.SE, customer: 'member', payment: 'card' });
		const { order } = normalized(raw);
		return { ...order, customer: { ...order.customer, email, phone: undefined } };
	}

	it('sends the order to the address as typed and says in the notes it looks misspelt', () => {
		const result = trackOrder('placed', memberSale('Anna.Berg@gmial.com'), { now: NOW });
		expect(result.status).toBe('send');
		if (result.status !== 'send') return;
		expect(result.profile.email).toBe('anna.berg@gmial.com');
		expect(result.notes).toEqual([expect.stringContaining('"gmail.com"')]);
	});

	it('uses the merchant list when one is given, and is silent for a correct address', () => {
		const own = { now: NOW, emailTypos: ['nordkust.exmaple=nordkust.example'] };
		const typo = trackOrder('placed', memberSale('anna@nordkust.exmaple'), own);
		expect(typo.status === 'send' && typo.notes).toEqual([
			expect.stringContaining('"nordkust.example"'),
		]);
		const builtInOff = trackOrder('placed', memberSale('anna@gmial.com'), own);
		expect(builtInOff.status === 'send' && builtInOff.notes).toEqual([]);
		const fine = trackOrder('placed', memberSale('anna@gmail.com'), { now: NOW });
		expect(fine.status === 'send' && fine.notes).toEqual([]);
	});

	it('reports it on profile and consent identities too', () => {
		expect(validIdentity({ email: 'erik@hotmial.com' }, {})).toEqual({
			ok: true,
			profile: { email: 'erik@hotmial.com' },
			notes: [expect.stringContaining('"hotmail.com"')],
		});
		expect(validIdentity({ email: 'erik@hotmail.com' }, {})).toEqual({
			ok: true,
			profile: { email: 'erik@hotmail.com' },
			notes: [],
		});
	});
});
