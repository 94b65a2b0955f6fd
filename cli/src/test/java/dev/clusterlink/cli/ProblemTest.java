package dev.clusterlink.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

	@Test
	void oneLineWithTheCodeTheDetailAndTheField() {
		Problem problem = Problem.of(409, Api.JSON.readTree(
				"""
						{"type": "urn:clusterlink:problem:mirror-exists", "title": "Mirror exists", "status": 409,
						 "detail": "the link already has a mirror of that name", "errorCode": "mirror-exists", "field": "name"}"""));

		assertThat(problem.render())
			.isEqualTo("error: mirror-exists: the link already has a mirror of that name (field: name)");
	}

	@Test
	void theCodeComesFromTheTypeAndTheFieldFromErrorsWhenMissing() {
		Problem problem = Problem.of(400, Api.JSON.readTree("""
				{"type": "urn:clusterlink:problem:validation-failed", "title": "Validation failed", "status": 400,
				 "detail": "the request is not valid:\\n  size must be at least 1", "errors": [{"field": "size"}]}"""));

		assertThat(problem.render())
			.isEqualTo("error: validation-failed: the request is not valid: size must be at least 1 (field: size)");
	}

	@Test
	void aBodyThatIsNoProblemStillGivesOneLine() {
		assertThat(Problem.of(502, null).render()).isEqualTo("error: http-502: the link manager answered HTTP 502");
	}

}
