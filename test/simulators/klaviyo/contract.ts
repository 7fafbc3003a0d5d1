import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid, invalidParameter, type KlaviyoError } from './errors';
import {
	findOperation,
	loadSpec,
	toJsonSchema,
	type OpenApiOperation,
	type OpenApiParameter,
	type OpenApiSpec,
} from './spec';

const SPEC_ID = 'klaviyo-openapi';

export interface RateLimit {
	burstPerSecond: number;
	steadyPerMinute: number;
}

export interface ParsedQuery {
	values: Record<string, unknown>;
	errors: KlaviyoError[];
}

/** What the spec says about one operation, compiled once. */
export class OperationContract {
	readonly rateLimit: RateLimit;
	/** Filter fields and operators the spec allows, read from the `filter` parameter's description. */
	readonly allowedFilters: Map<string, Set<string>>;
	private readonly queryParameters = new Map<
		string,
		{ parameter: OpenApiParameter; validate: ValidateFunction }
	>();
	private readonly validateBody?: ValidateFunction;
	private readonly validateResponses = new Map<string, ValidateFunction>();

	constructor(
		readonly operationId: string,
		readonly method: string,
		readonly path: string,
		private readonly operation: OpenApiOperation,
		ajv: Ajv,
		spec: OpenApiSpec,
	) {
		this.rateLimit = parseRateLimit(operation);
		this.allowedFilters = new Map();
		for (const parameter of operation.parameters ?? []) {
			if (parameter.in !== 'query') continue;
			this.queryParameters.set(parameter.name, {
				parameter,
				validate: ajv.compile(toJsonSchema(parameter.schema, SPEC_ID, spec) as object),
			});
			if (parameter.name === 'filter')
				parseAllowedFilters(parameter.description ?? '', this.allowedFilters);
		}
		const bodySchema = operation.requestBody?.content['application/vnd.api+json']?.schema;
		if (bodySchema)
			this.validateBody = ajv.compile(toJsonSchema(bodySchema, SPEC_ID, spec) as object);
		for (const [status, response] of Object.entries(operation.responses)) {
			const schema = response.content?.['application/vnd.api+json']?.schema;
			if (schema && /^\d+$/.test(status))
				this.validateResponses.set(
					status,
					ajv.compile(toJsonSchema(schema, SPEC_ID, spec) as object),
				);
		}
	}

	get hasBody(): boolean {
		return this.validateBody !== undefined;
	}

	/** Validates a parsed JSON body; each problem becomes a Klaviyo 400 pointing at the member. */
	checkBody(body: unknown): KlaviyoError[] {
		if (!this.validateBody) return [];
		if (body === undefined) return [invalid('A request body is required.', '/data')];
		if (this.validateBody(body)) return [];
		return toKlaviyoErrors(this.validateBody.errors ?? [], body);
	}

	/**
	 * Parses query parameters the way Klaviyo reads them: arrays comma-separated, integers as numbers,
	 * and rejects any parameter the operation does not declare.
	 */
	parseQuery(query: URLSearchParams): ParsedQuery {
		const values: Record<string, unknown> = {};
		const errors: KlaviyoError[] = [];
		for (const [name, raw] of query) {
			const declared = this.queryParameters.get(name);
			if (!declared) {
				errors.push(
					invalidParameter(name, `'${name}' is not a valid query parameter for this endpoint.`),
				);
				continue;
			}
			const value = coerceQueryValue(raw, declared.parameter.schema.type);
			if (!declared.validate(value)) {
				const problem = declared.validate.errors?.[0];
				const allowed =
					problem?.keyword === 'enum'
						? ` Valid values: ${(problem.params as { allowedValues: unknown[] }).allowedValues.join(', ')}.`
						: '';
				errors.push(
					invalidParameter(
						name,
						`'${raw}' is not a valid value for '${name}': ${problem?.message ?? 'invalid'}.${allowed}`,
					),
				);
				continue;
			}
			values[name] = value;
		}
		for (const [name, { parameter }] of this.queryParameters) {
			if (!(name in values) && parameter.schema.default !== undefined)
				values[name] = parameter.schema.default;
		}
		return { values, errors };
	}

	/** For tests: does a body this simulator sends match the spec's response schema? */
	checkResponse(status: number, body: unknown): string[] {
		const validate = this.validateResponses.get(String(status));
		if (!validate)
			return this.declaresStatus(status)
				? []
				: [`status ${status} is not declared for ${this.operationId}`];
		if (validate(body)) return [];
		return (validate.errors ?? []).map(
			(e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
		);
	}

	private declaresStatus(status: number): boolean {
		return (
			String(status) in this.operation.responses ||
			`${String(status)[0]}XX` in this.operation.responses
		);
	}
}

/** Loads Klaviyo's OpenAPI document and compiles the operations the simulator serves. */
export class KlaviyoContract {
	readonly revision: string;
	private readonly ajv: Ajv;
	private readonly operations = new Map<string, OperationContract>();

	constructor(private readonly spec: OpenApiSpec = loadSpec()) {
		this.revision = spec.info.version;
		this.ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
		addFormats(this.ajv);
		this.ajv.addSchema(
			{ components: toJsonSchema(spec.components, SPEC_ID, spec) } as object,
			SPEC_ID,
		);
	}

	operation(operationId: string): OperationContract {
		let contract = this.operations.get(operationId);
		if (!contract) {
			const { path, method, operation } = findOperation(this.spec, operationId);
			contract = new OperationContract(operationId, method, path, operation, this.ajv, this.spec);
			this.operations.set(operationId, contract);
		}
		return contract;
	}
}

function parseRateLimit(operation: OpenApiOperation): RateLimit {
	const limit = operation['x-klaviyo-ratelimit'];
	if (!limit) throw new Error(`${operation.operationId} declares no rate limit`);
	const perUnit = (text: string, unit: string) => {
		const match = new RegExp(`^(\\d+)/${unit}$`).exec(text);
		if (!match) throw new Error(`${operation.operationId}: unexpected rate limit "${text}"`);
		return Number(match[1]);
	};
	return { burstPerSecond: perUnit(limit.burst, 's'), steadyPerMinute: perUnit(limit.steady, 'm') };
}

function parseAllowedFilters(description: string, into: Map<string, Set<string>>): void {
	const section = description.split('Allowed field(s)/operator(s):')[1];
	if (!section) return;
	for (const line of section.split('<br>')) {
		const match = /^`([^`]+)`:\s*(.+)$/.exec(line.trim());
		if (!match) continue;
		into.set(match[1], new Set([...match[2].matchAll(/`([^`]+)`/g)].map((m) => m[1])));
	}
}

function coerceQueryValue(raw: string, type: unknown): unknown {
	if (type === 'array') return raw.split(',');
	if (type === 'integer' || type === 'number')
		return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
	return raw;
}

function resourceType(body: unknown): string {
	const type = (body as { data?: { type?: unknown } } | undefined)?.data?.type;
	return typeof type === 'string' ? type : 'request';
}

/** Words ajv's findings the way Klaviyo reports validation problems: one 400 per member, with a pointer. */
function toKlaviyoErrors(problems: ErrorObject[], body: unknown): KlaviyoError[] {
	const resource = resourceType(body);
	// Branch failures of anyOf/oneOf (and the "or null" branch of a nullable member) repeat what the
	// deeper findings say; report the most specific member instead.
	const concrete = problems.filter(
		(p) =>
			p.keyword !== 'anyOf' &&
			p.keyword !== 'oneOf' &&
			!(p.keyword === 'type' && p.params.type === 'null'),
	);
	const candidates = concrete.length > 0 ? concrete : problems;
	const deepest = candidates.filter(
		(p) => !candidates.some((other) => other.instancePath.startsWith(`${p.instancePath}/`)),
	);
	const errors = new Map<string, KlaviyoError>();
	for (const problem of deepest) {
		const [pointer, detail] = describe(problem, resource);
		if (!errors.has(pointer)) errors.set(pointer, invalid(detail, pointer));
	}
	return [...errors.values()];
}

function describe(problem: ErrorObject, resource: string): [pointer: string, detail: string] {
	const at = problem.instancePath || '/data';
	const member = at.split('/').pop() ?? '';
	const params = problem.params as Record<string, unknown>;
	switch (problem.keyword) {
		case 'additionalProperties':
			return [
				`${at}/${String(params.additionalProperty)}`,
				`'${String(params.additionalProperty)}' is not a valid field for the resource '${resource}'.`,
			];
		case 'required':
			return [
				`${at}/${String(params.missingProperty)}`,
				`'${String(params.missingProperty)}' is a required field for the resource '${resource}'.`,
			];
		case 'type':
			return [
				at,
				`'${member}' must be of type ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}.`,
			];
		case 'enum':
			return [
				at,
				`'${member}' must be one of: ${(params.allowedValues as unknown[]).filter((v) => v !== null).join(', ')}.`,
			];
		case 'format':
			return [at, `'${member}' is not a valid ${String(params.format)}.`];
		default:
			return [at, `'${member}' ${problem.message ?? 'is invalid'}.`];
	}
}
