package dev.clusterlink.linkmanager.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem types an endpoint may answer with, for its OpenAPI description. Every
 * endpoint also documents {@code malformed-request}, {@code state-store-unavailable} and
 * {@code internal-error}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiProblems {

	ProblemType[] value();

}
