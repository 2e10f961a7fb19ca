package io.tributary.intake.webform;

import io.tributary.intake.contact.ContactNormalizer;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Validates {@link PhoneNumber} with the same rules the normalizer applies. */
class PhoneNumberValidator implements ConstraintValidator<PhoneNumber, String> {

	private final ContactNormalizer contacts;

	PhoneNumberValidator(ContactNormalizer contacts) {
		this.contacts = contacts;
	}

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		return value == null || value.isBlank() || this.contacts.isValidPhone(value);
	}

}
