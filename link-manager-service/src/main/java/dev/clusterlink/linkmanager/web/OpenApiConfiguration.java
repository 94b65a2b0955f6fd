package dev.clusterlink.linkmanager.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
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
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}):
 * every error response an endpoint can give is documented as
 * {@code application/problem+json} with its problem types.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM_SCHEMA = "ProblemDetail";

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
			.components(new Components().addSchemas(PROBLEM_SCHEMA, problem));
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

}
