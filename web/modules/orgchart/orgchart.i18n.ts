export const orgchartMessages = {
  'zh-CN': {
    orgchart: {
      departments: '部门', positions: '岗位', members: '成员', name: '名称', sort: '排序', sortHelp: '同级之间数字小的排在前面',
      department: '所属部门', parentDepartment: '上级部门', parentHelp: '留空表示顶级部门', topLevel: '无（顶级部门）',
      newDepartment: '新建部门', newTopDepartment: '新建部门', editDepartment: '重命名部门', moveDepartment: '移动部门',
      addChild: '添加下级部门', rename: '重命名', move: '移动', departmentCreated: '部门已创建',
      deleteDepartmentConfirm: '删除部门“{{name}}”？', memberCount: '{{count}} 人',
      noDepartments: '还没有部门，先建立公司的部门结构吧', selectDepartment: '请在左侧选择一个部门',
      newPosition: '新建岗位', editPosition: '编辑岗位', addSubordinate: '添加下级岗位', positionCreated: '岗位已创建',
      deletePositionConfirm: '删除岗位“{{name}}”？', holderCount: '{{count}} 人在岗',
      superior: '上级岗位', superiorHelp: '上级岗位的人员可以查看和编辑下级岗位人员的数据；可以选择其他部门的岗位',
      noSuperior: '无（最高岗位）', superiorElsewhere: '上级：{{name}}（{{department}}）',
      noPositions: '该部门还没有岗位', positionHint: '点击岗位可进行添加下级、编辑和删除操作',
      departmentPlaceholder: '选择部门', positionsPlaceholder: '选择岗位',
    },
  },
  'en-US': {
    orgchart: {
      departments: 'Departments', positions: 'Positions', members: 'Members', name: 'Name', sort: 'Order', sortHelp: 'Lower numbers come first among siblings',
      department: 'Department', parentDepartment: 'Parent department', parentHelp: 'Leave empty for a top-level department', topLevel: 'None (top level)',
      newDepartment: 'New department', newTopDepartment: 'New department', editDepartment: 'Rename department', moveDepartment: 'Move department',
      addChild: 'Add sub-department', rename: 'Rename', move: 'Move', departmentCreated: 'Department created',
      deleteDepartmentConfirm: 'Delete the department “{{name}}”?', memberCount: '{{count}} people', memberCount_one: '{{count}} person',
      noDepartments: 'No departments yet; start by setting up your company’s structure', selectDepartment: 'Choose a department on the left',
      newPosition: 'New position', editPosition: 'Edit position', addSubordinate: 'Add subordinate position', positionCreated: 'Position created',
      deletePositionConfirm: 'Delete the position “{{name}}”?', holderCount: '{{count}} holders', holderCount_one: '{{count}} holder',
      superior: 'Superior position', superiorHelp: 'Holders of the superior position can view and edit the data of subordinate positions; it may belong to another department',
      noSuperior: 'None (top position)', superiorElsewhere: 'Reports to {{name}} ({{department}})',
      noPositions: 'This department has no positions yet', positionHint: 'Click a position to add a subordinate, edit or delete it',
      departmentPlaceholder: 'Choose a department', positionsPlaceholder: 'Choose positions',
    },
  },
};
