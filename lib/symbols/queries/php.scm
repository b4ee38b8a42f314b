; PHP: classes, interfaces, traits, enums, functions, methods, namespaces,
; constants.
(class_declaration
  name: (name) @name.definition.class) @definition.class

(interface_declaration
  name: (name) @name.definition.interface) @definition.interface

(trait_declaration
  name: (name) @name.definition.trait) @definition.trait

(enum_declaration
  name: (name) @name.definition.enum) @definition.enum

(function_definition
  name: (name) @name.definition.function) @definition.function

(method_declaration
  name: (name) @name.definition.method) @definition.method

(namespace_definition
  name: (namespace_name) @name.definition.module) @definition.module

(const_declaration
  (const_element (name) @name.definition.constant)) @definition.constant
