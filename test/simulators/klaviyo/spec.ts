/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The revision this simulator implements: the spec's own `info.version`. */
export const SPEC_PATH = join(__dirname, 'spec', 'openapi-stable.json');

export interface OpenApiParameter {
	name: string;
	in: 'query' | 'header' | 'path' | 'cookie';
	required?: boolean;
	description?: string;
	schema: JsonSchema;
}

export interface OpenApiOperation {
	operationId: string;
	parameters?: OpenApiParameter[];
	requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
	responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
	'x-klaviyo-ratelimit'?: { burst: string; steady: string };
}

export type JsonSchema = Record<string, unknown>;

export interface OpenApiSpec {
	info: { version: string };
	paths: Record<string, Record<string, OpenApiOperation>>;
	components: { schemas: Record<string, JsonSchema> };
}

let cached: OpenApiSpec | undefined;

/** Reads the spec once per process; every simulator instance validates against the same document. */
export function loadSpec(path = SPEC_PATH): OpenApiSpec {
	if (path !== SPEC_PATH) return JSON.parse(readFileSync(path, 'utf8')) as OpenApiSpec;
	cached ??= JSON.parse(readFileSync(path, 'utf8')) as OpenApiSpec;
	return cached;
}

export function findOperation(
	spec: OpenApiSpec,
	operationId: string,
): { path: string; method: string; operation: OpenApiOperation } {
	for (const [path, methods] of Object.entries(spec.paths)) {
		for (const [method, operation] of Object.entries(methods)) {
			if (operation.operationId === operationId)
				return { path, method: method.toUpperCase(), operation };
		}
	}
	throw new Error(`operation ${operationId} is not in the Klaviyo spec`);
}

/**
 * OpenAPI 3.0 schemas are not quite JSON Schema: turn `nullable` into a null type, point `$ref`s at the
 * registered spec, and close objects that declare their members. Klaviyo answers 400 for a member it
 * does not know (e.g. a misspelt attribute), while free-form objects such as event `properties` declare
 * no members and stay open.
 */
export function toJsonSchema(schema: unknown, specId: string, spec: OpenApiSpec): unknown {
	if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, specId, spec));
	if (typeof schema !== 'object' || schema === null) return schema;
	// allOf extends a closed object with more members; merge first, or each part would refuse the others'.
	const source = Array.isArray((schema as JsonSchema).allOf)
		? mergeAllOf(schema as JsonSchema, spec)
		: (schema as JsonSchema);
	const out: JsonSchema = {};
	for (const [key, value] of Object.entries(source)) {
		if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue;
		if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
			out.$ref = `${specId}${value}`;
		// Member names under `properties` are data, not keywords: keep them and convert their schemas.
		else if (key === 'properties' && isSchemaMap(value))
			out.properties = mapValues(value, (member) => toJsonSchema(member, specId, spec));
		else out[key] = toJsonSchema(value, specId, spec);
	}
	if (
		out.type === 'object' &&
		out.properties !== undefined &&
		out.additionalProperties === undefined
	) {
		out.additionalProperties = false;
	}
	if (source.nullable === true) return allowNull(out);
	return out;
}

function mergeAllOf(schema: JsonSchema, spec: OpenApiSpec): JsonSchema {
	const { allOf, ...rest } = schema;
	return (allOf as JsonSchema[]).map((part) => dereference(part, spec)).reduce(mergeSchemas, rest);
}

function dereference(schema: JsonSchema, spec: OpenApiSpec): JsonSchema {
	const ref = schema.$ref;
	if (typeof ref !== 'string') return schema;
	const target = spec.components.schemas[ref.replace('#/components/schemas/', '')];
	if (!target) throw new Error(`unresolvable $ref ${ref}`);
	const siblings = { ...schema };
	delete siblings.$ref;
	return dereference({ ...target, ...siblings }, spec);
}

function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
	const merged: JsonSchema = { ...b, ...a };
	if (a.required || b.required)
		merged.required = [
			...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])]),
		];
	if (isSchemaMap(a.properties) || isSchemaMap(b.properties)) {
		const members: Record<string, unknown> = { ...(b.properties as object) };
		for (const [name, member] of Object.entries(
			(a.properties as Record<string, JsonSchema>) ?? {},
		)) {
			const other = members[name] as JsonSchema | undefined;
			members[name] =
				other && isSchemaMap(member.properties ?? other.properties)
					? mergeSchemas(member, other)
					: member;
		}
		merged.properties = members;
		if (!merged.type) merged.type = 'object';
	}
	return merged;
}

function allowNull(schema: JsonSchema): JsonSchema {
	if (typeof schema.type === 'string') {
		const withNull: JsonSchema = { ...schema, type: [schema.type, 'null'] };
		if (Array.isArray(schema.enum)) withNull.enum = [...(schema.enum as unknown[]), null];
		return withNull;
	}
	return { anyOf: [{ type: 'null' }, schema] };
}

function isSchemaMap(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(
	record: Record<string, unknown>,
	fn: (value: unknown) => unknown,
): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}
