package dev.clusterlink.linkmanager.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clusterlink.config.LinkConfigDef;
import dev.clusterlink.config.LinkConfigs;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}):
 * every error response an endpoint can give is documented as
 * {@code application/problem+json} with its problem types, and the link configs with
 * their defaults and ranges.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM_SCHEMA = "ProblemDetail";

	private static final String LINK_CONFIGS_SCHEMA = "LinkConfigs";

	@Bean
	OpenAPI clusterlinkOpenApi(ObjectProvider<BuildProperties> build) {
		String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : "dev";
		Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example(ProblemType.LINK_NOT_FOUND.uri().toString()))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema())
			.addProperty("errorCode", new StringSchema().example("link-not-found"))
			.addProperty("field", new StringSchema().description("the offending request field, when there is one"));
		return new OpenAPI()
			.info(new Info().title("clusterlink link manager API")
				.version(version)
				.description("Clusters, links and mirror topics of the clusterlink suite. Errors are RFC 9457 "
						+ "problem details whose type is one of urn:clusterlink:problem:<code>.")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSchemas(PROBLEM_SCHEMA, problem)
				.addSecuritySchemes("apiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-API-Key")
							.description("an API key, clk_<key id>_<secret>"))
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("an OAuth2/OIDC access token, when an issuer is configured")))
			.addSecurityItem(new SecurityRequirement().addList("apiKey"))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			List<ProblemType> types = new ArrayList<>(List.of(ProblemType.MALFORMED_REQUEST,
					ProblemType.STATE_STORE_UNAVAILABLE, ProblemType.INTERNAL_ERROR));
			ApiProblems declared = handler.getMethodAnnotation(ApiProblems.class);
			if (declared != null) {
				types.addAll(List.of(declared.value()));
			}
			Map<Integer, List<ProblemType>> byStatus = types.stream()
				.collect(Collectors.groupingBy((type) -> type.status().value(), LinkedHashMap::new,
						Collectors.toList()));
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			byStatus.forEach((status, statusTypes) -> responses.addApiResponse(String.valueOf(status), new ApiResponse()
				.description(statusTypes.stream()
					.map((type) -> type.title() + " (" + type.code() + ")")
					.collect(Collectors.joining("; ")))
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))))));
			operation.setResponses(responses);
			return operation;
		};
	}

	/**
	 * The link configs as a schema of their own ({@value #LINK_CONFIGS_SCHEMA}), built
	 * from the registry so that it never drifts from what the API accepts: each key with
	 * its documentation, default and, for numbers, its range. The configs of a link
	 * request and the bodies of the configs endpoints refer to it.
	 */
	@Bean
	OpenApiCustomizer linkConfigsSchema() {
		return (openApi) -> {
			ObjectSchema configs = new ObjectSchema();
			configs.description("Link configs (Confluent names where Confluent has the key). Values may be strings, "
					+ "numbers or booleans; filter configs JSON objects or strings holding JSON. Numbers outside "
					+ "their range are refused with 400 invalid-link-config naming the key and the range.");
			for (LinkConfigDef def : LinkConfigs.definitions()) {
				configs.addProperty(def.name(), schemaOf(def));
			}
			if (openApi.getComponents() == null) {
				openApi.components(new Components());
			}
			openApi.getComponents().addSchemas(LINK_CONFIGS_SCHEMA, configs);
			Schema<?> linkRequest = (openApi.getComponents().getSchemas() != null)
					? openApi.getComponents().getSchemas().get("LinkRequest") : null;
			if (linkRequest != null && linkRequest.getProperties() != null
					&& linkRequest.getProperties().containsKey("configs")) {
				linkRequest.getProperties().put("configs", linkConfigsRef());
			}
			PathItem configsPath = (openApi.getPaths() != null) ? openApi.getPaths().get("/api/v1/links/{name}/configs")
					: null;
			if (configsPath != null) {
				Stream.of(configsPath.getPut(), configsPath.getPatch())
					.filter((operation) -> operation != null && operation.getRequestBody() != null
							&& operation.getRequestBody().getContent() != null)
					.flatMap((operation) -> operation.getRequestBody().getContent().values().stream())
					.forEach((media) -> media.setSchema(linkConfigsRef()));
			}
		};
	}

	private static Schema<?> linkConfigsRef() {
		return new Schema<>().$ref("#/components/schemas/" + LINK_CONFIGS_SCHEMA);
	}

	private static Schema<?> schemaOf(LinkConfigDef def) {
		Schema<Object> schema = new Schema<>();
		switch (def.type()) {
			case LONG -> {
				typed(schema, "integer").format("int64")
					.minimum(BigDecimal.valueOf(def.min()))
					.maximum(BigDecimal.valueOf(def.max()));
				schema.setDefault(Long.parseLong(def.defaultValue()));
			}
			case BOOLEAN -> {
				typed(schema, "boolean");
				schema.setDefault(Boolean.parseBoolean(def.defaultValue()));
			}
			case ENUM -> {
				typed(schema, "string");
				schema.setEnum(new ArrayList<>(def.allowed()));
				schema.setDefault(def.defaultValue());
			}
			default -> {
				if (!def.defaultValue().isEmpty()) {
					schema.setDefault(def.defaultValue());
				}
			}
		}
		return schema.description(def.doc());
	}

	/** Sets the type for OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) alike. */
	private static Schema<Object> typed(Schema<Object> schema, String type) {
		schema.type(type);
		schema.addType(type);
		return schema;
	}

}
