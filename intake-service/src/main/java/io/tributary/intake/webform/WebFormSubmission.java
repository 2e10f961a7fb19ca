package io.tributary.intake.webform;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What the web form posts. A REST body, mapped to an event at the edge: it never goes
 * onto a topic.
 *
 * @param name the customer's name
 * @param email the customer's email
 * @param phone the customer's phone, optional
 * @param subject the subject
 * @param message the message
 * @param category a category the form offers, optional
 */
public record WebFormSubmission(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 254) String email,
		@Size(max = 40) @PhoneNumber String phone, @NotBlank @Size(max = 300) String subject,
		@NotBlank @Size(max = 20000) String message, @Size(max = 64) String category) {

}
