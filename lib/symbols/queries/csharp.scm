; C#: classes, records, structs, interfaces, enums, namespaces, methods,
; constructors, delegates.
(class_declaration
  name: (identifier) @name.definition.class) @definition.class

(record_declaration
  name: (identifier) @name.definition.class) @definition.class

(struct_declaration
  name: (identifier) @name.definition.struct) @definition.struct

(interface_declaration
  name: (identifier) @name.definition.interface) @definition.interface

(enum_declaration
  name: (identifier) @name.definition.enum) @definition.enum

(namespace_declaration
  name: [(identifier) (qualified_name)] @name.definition.module) @definition.module

(method_declaration
  name: (identifier) @name.definition.method) @definition.method

(constructor_declaration
  name: (identifier) @name.definition.method) @definition.method

(delegate_declaration
  name: (identifier) @name.definition.type) @definition.type
