import { FilterSyntaxError, matchesCondition, parseFilter } from '../filters';

describe('Klaviyo filter parser', () => {
	it('parses and(...) of comparisons with quoted strings and bare datetimes', () => {
		const conditions = parseFilter(
			'and(equals(metric_id,"AbC123"),greater-or-equal(datetime,2026-07-01T00:00:00Z))',
		);
		expect(conditions).toEqual([
			{ operator: 'equals', field: 'metric_id', value: 'AbC123' },
			{ operator: 'greater-or-equal', field: 'datetime', value: new Date('2026-07-01T00:00:00Z') },
		]);
	});

	it('keeps escaped quotes and plus signs inside a string value', () => {
		const [condition] = parseFilter('equals(email,"o\\"brien+vip@example.com")');
		expect(condition.value).toBe('o"brien+vip@example.com');
		expect(matchesCondition('o"brien+vip@example.com', condition)).toBe(true);
		expect(matchesCondition('obrien+vip@example.com', condition)).toBe(false);
	});

	it('parses any() lists and single quotes', () => {
		const [condition] = parseFilter("any(email,['a@x.se','b@x.se'])");
		expect(matchesCondition('b@x.se', condition)).toBe(true);
		expect(matchesCondition('c@x.se', condition)).toBe(false);
	});

	it.each([
		'equals(email,anna@example.com)',
		'equals(email,"open',
		'or(equals(id,"1"))',
		'equals(email,"a")trailing',
	])('rejects %s', (text) => {
		expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
	});
});
