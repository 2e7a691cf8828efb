package io.sovereign.gateway.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The setting names a group of {@code @ConfigurationProperties} types declares, as a tree of kebab-case
 * elements: records and beans are groups, maps accept any key, lists accept an index, everything else is a
 * value. Matching is relaxed the way Spring binds: by uniform form ({@code issuerUri} = {@code issuer-uri}),
 * and an environment variable's underscore-split elements may together make one dashed name.
 */
final class SettingsTree {

    private enum Kind {
        GROUP,
        VALUE,
        ANY
    }

    private final Kind kind;
    private final Map<String, SettingsTree> children = new LinkedHashMap<>(); // uniform name -> child
    private final Map<String, String> dashed = new LinkedHashMap<>(); // uniform name -> kebab-case name
    private SettingsTree element; // for lists: what [i] holds

    private SettingsTree(Kind kind) {
        this.kind = kind;
    }

    static SettingsTree group() {
        return new SettingsTree(Kind.GROUP);
    }

    /** Declares {@code type}'s settings below {@code path} (elements after {@code gateway}; a leading "" is skipped). */
    void declare(String[] path, Class<?> type) {
        SettingsTree node = this;
        for (String element : path) {
            if (element.isEmpty()) {
                continue;
            }
            node = node.child(element, () -> group());
        }
        node.merge(of(type));
    }

    private void merge(SettingsTree other) {
        other.children.forEach((uniform, child) -> {
            SettingsTree mine = children.get(uniform);
            if (mine == null || mine.kind != Kind.GROUP || child.kind != Kind.GROUP) {
                children.put(uniform, child);
                dashed.put(uniform, other.dashed.get(uniform));
            } else {
                mine.merge(child);
            }
        });
    }

    private SettingsTree child(String name, java.util.function.Supplier<SettingsTree> create) {
        String uniform = uniform(name);
        dashed.putIfAbsent(uniform, name);
        return children.computeIfAbsent(uniform, k -> create.get());
    }

    /** Whether {@code elements[from..]} (uniform, or a numeric index) names a declared setting. */
    boolean accepts(List<String> elements, int from) {
        if (kind == Kind.ANY) {
            return true;
        }
        if (from == elements.size()) {
            return true; // a group itself, e.g. a blank value in YAML, binds to its defaults
        }
        if (element != null && isIndex(elements.get(from))) {
            return element.accepts(elements, from + 1);
        }
        if (kind == Kind.VALUE) {
            return false;
        }
        StringBuilder joined = new StringBuilder();
        for (int end = from; end < elements.size(); end++) {
            joined.append(elements.get(end));
            SettingsTree child = children.get(joined.toString());
            if (child != null && child.accepts(elements, end + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Every declared leaf as a dotted kebab-case name, for suggestions. */
    void names(String prefix, Set<String> out) {
        if (kind != Kind.GROUP || children.isEmpty()) {
            out.add(prefix);
        }
        children.forEach((uniform, child) -> child.names(prefix + "." + dashed.get(uniform), out));
    }

    private static SettingsTree of(Type type) {
        Class<?> raw = rawClass(type);
        if (raw == null) {
            return new SettingsTree(Kind.ANY);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new SettingsTree(Kind.ANY);
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            SettingsTree list = new SettingsTree(Kind.VALUE); // "a,b" as one value, or [0], [1] ...
            list.element = of(elementType(type));
            return list;
        }
        if (raw.isRecord()) {
            SettingsTree group = group();
            RecordComponent[] components = raw.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            Constructor<?> canonical;
            try {
                canonical = raw.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(raw + " has no canonical constructor", e);
            }
            for (int i = 0; i < components.length; i++) {
                Name renamed = canonical.getParameters()[i].getAnnotation(Name.class);
                String name = renamed != null ? renamed.value() : kebab(components[i].getName());
                SettingsTree child = of(components[i].getGenericType());
                group.dashed.put(uniform(name), name);
                group.children.put(uniform(name), child);
            }
            return group;
        }
        if (isValue(raw)) {
            return new SettingsTree(Kind.VALUE);
        }
        // a JavaBean: its writable properties
        SettingsTree group = group();
        for (var property : BeanUtils.getPropertyDescriptors(raw)) {
            if (property.getWriteMethod() != null
                    || property.getReadMethod() != null
                            && !isValue(property.getPropertyType())
                            && !"class".equals(property.getName())) {
                String name = kebab(property.getName());
                group.dashed.put(uniform(name), name);
                group.children.put(
                        uniform(name),
                        of(
                                property.getReadMethod() != null
                                        ? property.getReadMethod().getGenericReturnType()
                                        : property.getPropertyType()));
            }
        }
        return group.children.isEmpty() ? new SettingsTree(Kind.ANY) : group;
    }

    private static boolean isValue(Class<?> raw) {
        return raw.isPrimitive()
                || raw.isEnum()
                || raw.getName().startsWith("java.")
                || raw.getName().startsWith("org.springframework.util.unit.")
                || raw.getName().startsWith("org.springframework.core.io.")
                || BeanUtils.isSimpleValueType(raw);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return null;
    }

    private static Type elementType(Type type) {
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (type instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }

    private static boolean isIndex(String element) {
        return !element.isEmpty() && element.chars().allMatch(Character::isDigit);
    }

    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
