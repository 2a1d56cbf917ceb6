package dev.snowcloud.example.ids;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * Writes {@link IssuedIds} as {@code text/plain}, with no charset parameter: the
 * digits are ASCII, the same in every charset. Spring Boot adds every
 * {@code HttpMessageConverter} bean to Spring MVC's converters.
 */
@Component
public class IssuedIdsTextConverter extends AbstractHttpMessageConverter<IssuedIds> {

    public IssuedIdsTextConverter() {
        super(MediaType.TEXT_PLAIN);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return IssuedIds.class == type;
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected IssuedIds readInternal(Class<? extends IssuedIds> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("IDs are only written", input);
    }

    @Override
    protected void writeInternal(IssuedIds ids, HttpOutputMessage output) throws IOException {
        byte[] text = ids.text();
        output.getHeaders().setContentLength(text.length);
        output.getBody().write(text);
    }

}
