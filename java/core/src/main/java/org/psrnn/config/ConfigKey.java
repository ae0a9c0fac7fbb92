package org.psrnn.config;

/**
 * One row of the configuration table ({@link ConfigKeys}): everything psrnn says about a key, so
 * that the reader, its error messages, {@code psrnn keys}, the commands' help and config.json all
 * say the same.
 *
 * @param name            the key as written in files and after {@code --set}
 * @param layer           what it sets
 * @param domain          its type and allowed values
 * @param defaultValue    MODEL.md's default for MODEL.md's keys (step's), the run's for the others;
 *                        null where the default is not a value (see {@code whenAbsent})
 * @param trainingDefault where training departs from MODEL.md's default, training's; else null
 * @param help            what the key does, in one line
 * @param whenAbsent      what an absent key means where that is not a value to write (theta from
 *                        strong_fraction, the task's loss); null otherwise
 * @param <T>             the value's type in the configuration records
 */
public record ConfigKey<T>(String name, Layer layer, Domain<T> domain, T defaultValue, T trainingDefault, String help,
                           String whenAbsent) {

    /** A key whose default is a value, the same in training and in step. */
    public static <T> ConfigKey<T> of(String name, Layer layer, Domain<T> domain, T defaultValue, String help) {
        return new ConfigKey<>(name, layer, domain, defaultValue, null, help, null);
    }

    /** This key, with training's own default. */
    public ConfigKey<T> inTraining(T value) {
        return new ConfigKey<>(name, layer, domain, defaultValue, value, help, whenAbsent);
    }

    /** This key, with words for what leaving it out means. */
    public ConfigKey<T> whenAbsent(String words) {
        return new ConfigKey<>(name, layer, domain, defaultValue, trainingDefault, help, words);
    }

    /** The default a training configuration that sets nothing resolves to. */
    public T trainingValue() {
        return trainingDefault != null ? trainingDefault : defaultValue;
    }

    /** {@code value} as config.json holds it. */
    public Object json(T value) {
        return domain.json(value);
    }

    /** {@code value} as a user writes it. */
    public String text(T value) {
        return domain.text(value);
    }
}
