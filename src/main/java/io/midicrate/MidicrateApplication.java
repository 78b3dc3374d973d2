package io.midicrate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.midicrate.cli.MidicrateCli;
import io.midicrate.cli.Utf8Relaunch;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MidicrateApplication {
    public static void main(String[] args) {
        java.util.OptionalInt relaunched = Utf8Relaunch.runUnderUtf8IfNeeded(args);
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : MidicrateCli.execute(Utf8Relaunch.arguments(args)));
    }
}
