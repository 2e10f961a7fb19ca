package io.tributary.intake.webform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A phone number libphonenumber accepts as valid; absent is fine. */
@Documented
@Constraint(validatedBy = PhoneNumberValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface PhoneNumber {

	String message() default "not a valid phone number";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
